/** Thrown for latents or images whose shape does not fit the generator (the message names the shape expected). */
export class GanInputError extends Error {
  override name = 'GanInputError';
}
