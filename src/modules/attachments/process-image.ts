import sharp from "sharp";
import type { AttachmentMime } from "../../db/schema.js";
import { AppError } from "../../shared/errors.js";

/** Larger pictures are refused before decoding: a tiny file can unpack to gigabytes of pixels. */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** Width of the list thumbnail; smaller images are not enlarged. */
export const THUMB_WIDTH = 320;

/** sharp's name for each accepted type, to check the decoder agrees with the magic number. */
const SHARP_FORMAT: Record<AttachmentMime, string> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
};

export interface ProcessedImage {
  /** The stored photo: upright, same type as the upload, no EXIF, GPS, XMP or ICC profile. */
  data: Buffer;
  width: number;
  height: number;
  /** A WebP (keeps transparency) at most THUMB_WIDTH wide. */
  thumb: Buffer;
}

function unreadable(mime: AttachmentMime): AppError {
  return new AppError(
    415,
    "unsupported_media_type",
    `The file starts like ${mime} but is not a readable image.`,
  );
}

/**
 * Re-encodes an upload so that nothing but pixels survives: EXIF orientation is applied to the
 * pixels (so width and height swap for a rotated phone photo), then every metadata block — EXIF
 * with GPS, XMP, IPTC, comments, ICC — is dropped, which sharp does unless told to keep it; colour
 * is converted to sRGB, the profile an untagged image is read as. Width and height are kept.
 */
export async function processImage(input: Buffer, mime: AttachmentMime): Promise<ProcessedImage> {
  const open = () => sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS });
  let format: string | undefined;
  try {
    format = (await open().metadata()).format;
  } catch (err) {
    throw decodeError(err, mime);
  }
  if (format !== SHARP_FORMAT[mime]) throw unreadable(mime);

  let upright = open().rotate().toColourspace("srgb");
  upright =
    mime === "image/jpeg"
      ? upright.jpeg({ quality: 88 })
      : mime === "image/png"
        ? upright.png({ compressionLevel: 6 })
        : upright.webp({ quality: 88 });
  try {
    const { data, info } = await upright.toBuffer({ resolveWithObject: true });
    const thumb = await sharp(data)
      .resize({ width: THUMB_WIDTH, withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { data, width: info.width, height: info.height, thumb };
  } catch (err) {
    throw decodeError(err, mime);
  }
}

function decodeError(err: unknown, mime: AttachmentMime): AppError {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) {
    return new AppError(
      413,
      "payload_too_large",
      `The image has more than ${MAX_IMAGE_PIXELS / 1_000_000} million pixels.`,
    );
  }
  return unreadable(mime);
}
