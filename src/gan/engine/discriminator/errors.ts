/** Bad input to the discriminator or its feature loss: wrong image size, batch, channel count or mask shape. */
export class DiscriminatorInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscriminatorInputError';
  }
}
