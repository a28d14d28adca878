/**
 * Who releases a tensor. Every tensor created while a tape (or other owner) is active is owned by it and released
 * when the owner frees; tensors created outside any owner belong to the caller, who releases them explicitly.
 * This module is tiny and dependency-free so that Tensor can register itself without an import cycle.
 */
export interface TensorOwner {
  adopt(tensor: OwnedTensor): void;
  forget(tensor: OwnedTensor): void;
}

/** The part of a Tensor the ownership stack needs. */
export interface OwnedTensor {
  owner: TensorOwner | null;
}

const owners: TensorOwner[] = [];

export function pushOwner(owner: TensorOwner): void {
  owners.push(owner);
}

export function popOwner(owner: TensorOwner): void {
  const top = owners.pop();
  if (top !== owner) throw new Error('Tensor owners must be popped in the order they were pushed.');
}

export function currentOwner(): TensorOwner | null {
  return owners.length > 0 ? owners[owners.length - 1] : null;
}

/** Removes a tensor from its owner: the caller now releases it (used for parameter grads and kept results). */
export function disown(tensor: OwnedTensor): void {
  tensor.owner?.forget(tensor);
  tensor.owner = null;
}
