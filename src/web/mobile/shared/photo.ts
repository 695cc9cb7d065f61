/**
 * Photos are scaled down on the phone before upload: a camera's 12-megapixel JPEG is 4–8 MB and
 * takes minutes on a village road's signal, while 1920 px on the longest side is plenty to see a
 * broken manhole cover. The server would refuse anything above its size limit (413) anyway.
 */

/** Longest side, in pixels, of a photo sent to the server. */
export const PHOTO_MAX_SIDE = 1920;
/** JPEG quality of a re-encoded photo. */
export const PHOTO_QUALITY = 0.82;
/** A photo this small (bytes) and within PHOTO_MAX_SIDE is sent as it is. */
export const PHOTO_SMALL_BYTES = 1024 * 1024;

const SENDABLE = new Set(["image/jpeg", "image/png", "image/webp"]);

export interface ScalePhotoOptions {
  maxSide?: number;
  quality?: number;
  smallBytes?: number;
}

interface Decoded {
  source: CanvasImageSource;
  width: number;
  height: number;
  release: () => void;
}

/**
 * Decodes with the EXIF orientation applied, so a portrait photo stays upright once the
 * metadata is gone. createImageBitmap first; an <img> (which also honours EXIF) where the
 * options object is not supported (older Safari).
 */
async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === "function") {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, release: () => bitmap.close() };
    } catch {
      // fall through to <img>
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = "async";
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, release: () => undefined };
  } finally {
    URL.revokeObjectURL(url);
  }
}

function encode(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("The photo could not be encoded."))),
      "image/jpeg",
      quality,
    );
  });
}

/** Width and height so the longest side is at most maxSide, keeping the aspect ratio. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const ratio = maxSide / longest;
  return { width: Math.max(1, Math.round(width * ratio)), height: Math.max(1, Math.round(height * ratio)) };
}

/**
 * The photo to upload: the file itself when it is already small (a sendable type, within the
 * size and the longest side), else a JPEG with the longest side at most 1920 px. A file the
 * browser cannot decode (e.g. HEIC on a desktop) is returned unchanged, for the server to judge.
 */
export async function scalePhoto(file: Blob, options: ScalePhotoOptions = {}): Promise<Blob> {
  const maxSide = options.maxSide ?? PHOTO_MAX_SIDE;
  const quality = options.quality ?? PHOTO_QUALITY;
  const smallBytes = options.smallBytes ?? PHOTO_SMALL_BYTES;

  let decoded: Decoded;
  try {
    decoded = await decode(file);
  } catch {
    return file;
  }
  try {
    const { width, height } = decoded;
    if (SENDABLE.has(file.type) && file.size <= smallBytes && Math.max(width, height) <= maxSide) return file;
    const size = fitWithin(width, height, maxSide);
    const canvas = document.createElement("canvas");
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext("2d");
    if (!context) return file;
    // JPEG has no transparency: a PNG's clear pixels become white, not black.
    context.fillStyle = "#fff";
    context.fillRect(0, 0, size.width, size.height);
    context.imageSmoothingQuality = "high";
    context.drawImage(decoded.source, 0, 0, size.width, size.height);
    const scaled = await encode(canvas, quality);
    // Re-encoding a small, already-compressed file can make it bigger: keep the smaller one.
    return scaled.size < file.size || !SENDABLE.has(file.type) || Math.max(width, height) > maxSide
      ? scaled
      : file;
  } finally {
    decoded.release();
  }
}
