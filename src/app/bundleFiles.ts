/**
 * What the user hands the model menu, as a BundleFileSource: the files of a folder picker (webkitdirectory: each
 * File knows its path), a dropped folder (walked with webkitGetAsEntry, the one way a drop gives a folder's
 * contents), loose files, or a .zip (picked or dropped). Folder files are read only when the bundle reader asks,
 * so a folder that also holds sample sheets costs nothing for them.
 */
import type { BundleFileSource } from '../gan/bundle';
import { zipSource } from '../gan/bundle/zipSource';

export const NOT_A_BUNDLE =
  'Open a model bundle: its folder (manifest.json, weights.bin, mapping.onnx, synthesis.onnx, as tools/stylegan2/export.py writes it) or a .zip of it.';

export function isZip(file: File): boolean {
  return /\.zip$/i.test(file.name) || file.type === 'application/zip' || file.type === 'application/x-zip-compressed';
}

async function bytesOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

export async function zipFileSource(file: File): Promise<BundleFileSource> {
  return zipSource(file.name, await bytesOf(file));
}

/** Files by path: a folder's (the picker sets webkitRelativePath, 'folder/sub/file') or loose files by name. */
export function filesSource(files: readonly File[], label?: string): BundleFileSource {
  const byPath = new Map(files.map((f) => [f.webkitRelativePath || f.name, f]));
  const first = [...byPath.keys()][0] ?? '';
  return {
    label: label ?? (first.includes('/') ? first.slice(0, first.indexOf('/')) : 'the chosen files'),
    paths: [...byPath.keys()],
    read: async (path) => {
      const file = byPath.get(path);
      if (!file) throw new Error(`${path} is not among the chosen files.`);
      return bytesOf(file);
    },
  };
}

/** The picker's choice: one .zip, or a folder's files. */
export async function pickedSource(
  files: readonly File[],
): Promise<{ source: BundleFileSource; origin: 'folder' | 'zip' }> {
  if (files.length === 1 && isZip(files[0])) return { source: await zipFileSource(files[0]), origin: 'zip' };
  return { source: filesSource(files), origin: 'folder' };
}

/** The subset of the File System entries API a dropped folder is read through (tests pass plain objects). */
export interface DroppedEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}
interface FileEntry extends DroppedEntry {
  file: (ok: (file: File) => void, fail?: (err: unknown) => void) => void;
}
interface DirectoryEntry extends DroppedEntry {
  createReader: () => { readEntries: (ok: (entries: DroppedEntry[]) => void, fail?: (err: unknown) => void) => void };
}

/** Every file under a dropped directory, by path from it; readEntries answers in batches until an empty one. */
export async function walkDirectory(dir: DroppedEntry, prefix = ''): Promise<Map<string, File>> {
  const out = new Map<string, File>();
  const reader = (dir as DirectoryEntry).createReader();
  for (;;) {
    const batch = await new Promise<DroppedEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) break;
    for (const entry of batch) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory) for (const [p, f] of await walkDirectory(entry, `${path}/`)) out.set(p, f);
      else if (entry.isFile) out.set(path, await new Promise<File>((ok, fail) => (entry as FileEntry).file(ok, fail)));
    }
  }
  return out;
}

/**
 * What was dropped: a folder, a .zip, or the bundle's loose files. The entries must be taken from the drop event
 * before anything is awaited (the browser empties the DataTransfer afterwards), hence the two stages.
 */
export function droppedEntries(data: DataTransfer): { entries: DroppedEntry[]; files: File[] } {
  const entries: DroppedEntry[] = [];
  for (const item of Array.from(data.items)) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry?.() : null;
    if (entry) entries.push(entry);
  }
  return { entries, files: Array.from(data.files) };
}

export async function droppedSource(drop: {
  entries: DroppedEntry[];
  files: File[];
}): Promise<{ source: BundleFileSource; origin: 'folder' | 'zip' } | null> {
  const dirs = drop.entries.filter((e) => e.isDirectory);
  if (dirs.length === 1 && drop.entries.length === 1) {
    const files = await walkDirectory(dirs[0]);
    const label = dirs[0].name;
    return {
      source: {
        label,
        paths: [...files.keys()],
        read: async (path) => {
          const file = files.get(path);
          if (!file) throw new Error(`${label} has no ${path}.`);
          return bytesOf(file);
        },
      },
      origin: 'folder',
    };
  }
  if (dirs.length > 0 || drop.files.length === 0) return null;
  return pickedSource(drop.files);
}
