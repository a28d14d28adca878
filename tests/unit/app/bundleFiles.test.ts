/**
 * Reading what the user hands the model menu: a folder picker's files (webkitRelativePath), a dropped folder
 * walked through webkitGetAsEntry's entries (stand-ins here, answering in batches as Chromium does), a .zip.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  type DroppedEntry,
  droppedSource,
  filesSource,
  pickedSource,
  walkDirectory,
} from '../../../src/app/bundleFiles';
import { readLocalBundle } from '../../../src/gan/bundle';
import { BUNDLE_DIR } from '../gan/fixtureBundle';

const fixtureNames = readdirSync(BUNDLE_DIR);
const bytes = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(join(BUNDLE_DIR, name)));

/** A File as the folder picker gives it: its path from the chosen folder in webkitRelativePath. */
function pickedFile(path: string, content: Uint8Array<ArrayBuffer>): File {
  const file = new File([content], path.slice(path.lastIndexOf('/') + 1));
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}

function fileEntry(name: string, content: Uint8Array<ArrayBuffer>): DroppedEntry {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file: (ok: (f: File) => void) => ok(new File([content], name)),
  } as DroppedEntry;
}

/** A directory entry whose reader answers two entries at a time, then an empty batch. */
function dirEntry(name: string, children: DroppedEntry[]): DroppedEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (e: DroppedEntry[]) => void) => {
          ok(children.slice(at, at + 2));
          at += 2;
        },
      };
    },
  } as DroppedEntry;
}

describe('files handed to the model menu', () => {
  it('reads a picked folder by its relative paths', async () => {
    const files = fixtureNames.map((n) => pickedFile(`golden-tiny-64/${n}`, bytes(n)));
    const { source, origin } = await pickedSource(files);
    expect(origin).toBe('folder');
    expect(source.label).toBe('golden-tiny-64');
    expect((await readLocalBundle(source)).bundle.name).toBe('golden-tiny-64');
  });

  it('reads a picked or dropped .zip', async () => {
    const zip = zipSync(Object.fromEntries(fixtureNames.map((n) => [`b/${n}`, bytes(n)])));
    const { source, origin } = await pickedSource([new File([zip], 'b.zip', { type: 'application/zip' })]);
    expect(origin).toBe('zip');
    expect(source.label).toBe('b.zip');
    expect((await readLocalBundle(source)).bundle.config.size).toBe(64);
  });

  it('walks a dropped folder through every batch and sub-folder', async () => {
    const inner = dirEntry('docs', [fileEntry('MODEL_CARD.md', new TextEncoder().encode('# card'))]);
    const root = dirEntry('golden', [...fixtureNames.map((n) => fileEntry(n, bytes(n))), inner]);
    expect([...(await walkDirectory(root)).keys()].sort()).toEqual([...fixtureNames, 'docs/MODEL_CARD.md'].sort());
    const dropped = await droppedSource({ entries: [root], files: [] });
    expect(dropped?.origin).toBe('folder');
    expect(dropped?.source.label).toBe('golden');
    expect((await readLocalBundle(dropped!.source)).bundle.name).toBe('golden-tiny-64');
  });

  it('takes loose files as a folder, and refuses two folders at once', async () => {
    const loose = filesSource(fixtureNames.map((n) => new File([bytes(n)], n)));
    expect(loose.label).toBe('the chosen files');
    expect((await readLocalBundle(loose)).bundle.name).toBe('golden-tiny-64');
    const two = await droppedSource({ entries: [dirEntry('a', []), dirEntry('b', [])], files: [] });
    expect(two).toBeNull();
  });
});
