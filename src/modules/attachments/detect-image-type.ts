import type { AttachmentMime } from "../../db/schema.js";

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((b, i) => bytes[offset + i] === b);
}

/**
 * The photo type the bytes themselves declare (their magic number), or null for anything else.
 * The client's Content-Type and file name are never trusted: a text file named `.jpg`, an SVG
 * (scripts) or a GIF must not get through as a photo.
 */
export function detectImageType(bytes: Uint8Array): AttachmentMime | null {
  if (startsWith(bytes, JPEG)) return "image/jpeg";
  if (startsWith(bytes, PNG)) return "image/png";
  // RIFF <size:4> WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return "image/webp";
  }
  return null;
}
