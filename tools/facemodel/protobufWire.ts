// Minimal protobuf wire-format reader: enough to walk MediaPipe's geometry metadata without pulling in
// protobufjs and a .proto schema. Handles varint, fixed32, fixed64 and length-delimited fields; repeated
// scalars may be packed or unpacked, so callers get every occurrence of a field in order.

export type WireField =
  | { field: number; wire: 0; value: number }
  | { field: number; wire: 1; bytes: Uint8Array }
  | { field: number; wire: 2; bytes: Uint8Array }
  | { field: number; wire: 5; bytes: Uint8Array };

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('protobuf: truncated varint');
    const byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw new Error('protobuf: varint too long');
  }
}

export function readMessage(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    pos = afterKey;
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      const [value, next] = readVarint(buf, pos);
      fields.push({ field, wire, value });
      pos = next;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (pos + size > buf.length) throw new Error('protobuf: truncated fixed field');
      fields.push({ field, wire, bytes: buf.subarray(pos, pos + size) });
      pos += size;
    } else if (wire === 2) {
      const [len, next] = readVarint(buf, pos);
      if (next + len > buf.length) throw new Error('protobuf: truncated length-delimited field');
      fields.push({ field, wire, bytes: buf.subarray(next, next + len) });
      pos = next + len;
    } else {
      throw new Error(`protobuf: unsupported wire type ${wire} at byte ${pos}`);
    }
  }
  return fields;
}

/** All float values of a repeated float field, packed (wire 2) or not (wire 5). */
export function repeatedFloats(fields: WireField[], field: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wire !== 2 && f.wire !== 5) throw new Error(`protobuf: field ${field} is not a float field`);
    const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
    for (let i = 0; i + 4 <= f.bytes.byteLength; i += 4) out.push(view.getFloat32(i, true));
  }
  return out;
}

/** All values of a repeated varint field, packed (wire 2) or not (wire 0). */
export function repeatedVarints(fields: WireField[], field: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wire === 0) out.push(f.value);
    else if (f.wire === 2) {
      let pos = 0;
      while (pos < f.bytes.length) {
        const [v, next] = readVarint(f.bytes, pos);
        out.push(v);
        pos = next;
      }
    } else throw new Error(`protobuf: field ${field} is not a varint field`);
  }
  return out;
}
