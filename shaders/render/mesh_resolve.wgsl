// Textured-mesh render, after the z-buffer passes: each supersample takes the perspective-correct barycentric
// mix of its winning triangle's vertex colours (background where empty); output = 2x2 mean, plus the covered
// fraction. colors [Bc, C, H, W] (Bc = 1 broadcasts) -> image [B, C, H, W], coverage [B, 1, H, W].
struct Params {
  views: u32,
  color_batch: u32,
  channels: u32,
  height: u32,
  width: u32,
  background: f32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> screen: array<vec4f>;
@group(0) @binding(2) var<storage, read> faces: array<u32>;
@group(0) @binding(3) var<storage, read> colors: array<f32>;
@group(0) @binding(4) var<storage, read_write> image: array<f32>;
@group(0) @binding(5) var<storage, read_write> coverage: array<f32>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let idx = flat_index(gid, groups, WG);
  let hw = P.height * P.width;
  if (idx >= P.views * hw) {
    return;
  }
  let b = idx / hw;
  let i = idx % hw;
  let r = i / P.width;
  let c = i % P.width;
  let cb = select(b, 0u, P.color_batch == 1u) * P.channels * hw;
  let sw = 2u * P.width;
  // Up to 4 covered samples: their vertex indices and perspective-correct weights.
  var verts: array<vec3u, 4>;
  var weights: array<vec3f, 4>;
  var covered = 0u;
  var empty = 0.0;
  for (var s = 0u; s < 4u; s++) {
    let sr = 2u * r + s / 2u;
    let sc = 2u * c + s % 2u;
    let tri = faces[b * 4u * hw + sr * sw + sc];
    if (tri == NO_FACE) {
      empty += 1.0;
      continue;
    }
    let v = triangle_vertices(tri, P.width);
    let a = screen[b * hw + v.x].xyz;
    let bb = screen[b * hw + v.y].xyz;
    let cc = screen[b * hw + v.z].xyz;
    let ts = sample_triangle(a, bb, cc, vec2f(sample_position(sc), sample_position(sr)));
    if (!ts.hit) {
      empty += 1.0;
      continue;
    }
    verts[covered] = v;
    weights[covered] = ts.w * ts.z / vec3f(a.z, bb.z, cc.z);
    covered++;
  }
  coverage[idx] = f32(covered) * 0.25;
  for (var ch = 0u; ch < P.channels; ch++) {
    let plane = cb + ch * hw;
    var sum = empty * P.background;
    for (var k = 0u; k < covered; k++) {
      let v = verts[k];
      sum += dot(weights[k], vec3f(colors[plane + v.x], colors[plane + v.y], colors[plane + v.z]));
    }
    image[(b * P.channels + ch) * hw + i] = sum * 0.25;
  }
}
