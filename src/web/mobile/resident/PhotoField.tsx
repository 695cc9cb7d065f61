/** Photos from the camera: scaled down on the phone, uploaded one by one, shown as thumbnails. */
import { useState } from "react";
import { ApiError } from "../../shared/api.js";
import { useI18n } from "../i18n/index.js";
import { scalePhoto } from "../shared/photo.js";
import { attachmentSrc, uploadPhoto, type UploadedAttachment } from "../shared/upload.js";

export const MAX_PHOTOS = 9;

interface Pending {
  id: number;
  preview: string;
  error: string | null;
}

let nextPendingId = 1;

export function PhotoField({
  photos,
  onChange,
}: {
  photos: UploadedAttachment[];
  onChange: (update: (photos: UploadedAttachment[]) => UploadedAttachment[]) => void;
}) {
  const { t } = useI18n();
  const [pending, setPending] = useState<Pending[]>([]);

  async function add(files: FileList | null) {
    if (!files) return;
    const room = MAX_PHOTOS - photos.length - pending.length;
    for (const file of Array.from(files).slice(0, Math.max(0, room))) {
      const id = nextPendingId++;
      const preview = URL.createObjectURL(file);
      setPending((list) => [...list, { id, preview, error: null }]);
      try {
        const uploaded = await uploadPhoto(await scalePhoto(file));
        onChange((list) => [...list, uploaded]);
        setPending((list) => list.filter((p) => p.id !== id));
        URL.revokeObjectURL(preview);
      } catch (err) {
        const message =
          err instanceof ApiError
            ? err.status === 0
              ? t("photo.error.network")
              : err.status === 413
                ? t("photo.error.tooLarge")
                : err.status === 415
                  ? t("photo.error.type")
                  : err.message
            : t("photo.error.type");
        setPending((list) => list.map((p) => (p.id === id ? { ...p, error: message } : p)));
      }
    }
  }

  function dropPending(id: number) {
    setPending((list) => {
      const gone = list.find((p) => p.id === id);
      if (gone) URL.revokeObjectURL(gone.preview);
      return list.filter((p) => p.id !== id);
    });
  }

  const errors = pending.filter((p) => p.error);
  return (
    <div className="mg-field">
      <span className="mg-label" id="photos-label">
        {t("photo.label")}
      </span>
      <div className="mg-photos" role="group" aria-labelledby="photos-label" data-testid="photos">
        {photos.map((photo, i) => (
          <div className="mg-photo" key={photo.id} data-testid="photo-uploaded">
            <img src={attachmentSrc(photo)} alt={t("photo.alt", { n: i + 1 })} />
            <button
              type="button"
              aria-label={t("photo.remove", { n: i + 1 })}
              onClick={() => onChange((list) => list.filter((p) => p.id !== photo.id))}
            >
              ×
            </button>
          </div>
        ))}
        {pending.map((p) => (
          <div className="mg-photo" key={p.id}>
            <img src={p.preview} alt={t("photo.pending")} />
            <span className="mg-photo-state">{p.error ? t("photo.failed") : t("photo.uploading")}</span>
            {p.error && (
              <button type="button" aria-label={t("photo.removeFailed")} onClick={() => dropPending(p.id)}>
                ×
              </button>
            )}
          </div>
        ))}
        {photos.length + pending.length < MAX_PHOTOS && (
          <label className="mg-add-photo">
            <svg
              width="28"
              height="28"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              aria-hidden="true"
            >
              <path d="M4 8h3l2-3h6l2 3h3v11H4zM12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z" strokeLinejoin="round" />
            </svg>
            {t("photo.add")}
            <input
              className="mg-visually-hidden"
              type="file"
              accept="image/*"
              capture="environment"
              data-testid="photo-input"
              onChange={(e) => {
                void add(e.target.files);
                e.target.value = "";
              }}
            />
          </label>
        )}
      </div>
      {errors.map((p) => (
        <p key={p.id} className="mg-field-error" role="alert">
          {p.error}
        </p>
      ))}
      <p className="mg-muted">{t("photo.hint")}</p>
    </div>
  );
}
