/**
 * Photos for a form: each picked image is uploaded at once (POST /attachments) and its id kept,
 * up to `max` (the server claims them for the subject when the form is sent). `photoIds` reads
 * the ids of the uploads that finished.
 */
import { Upload, type UploadFile } from "antd";
import { api } from "../../shared/api.js";
import type { AttachmentCreated } from "../../shared/contracts.js";
import { useI18n } from "../i18n/index.js";

export function PhotoUpload({
  files,
  onChange,
  max = 9,
}: {
  files: UploadFile[];
  onChange: (files: UploadFile[]) => void;
  max?: number;
}) {
  const { t } = useI18n();
  return (
    <Upload
      listType="picture-card"
      accept="image/jpeg,image/png,image/webp"
      fileList={files}
      onChange={({ fileList }) => onChange(fileList)}
      customRequest={({ file, onSuccess, onError }) => {
        const data = new FormData();
        data.append("file", file as Blob);
        api<AttachmentCreated>("/attachments", { method: "POST", body: data })
          .then((r) => onSuccess?.(r))
          .catch((err: unknown) => onError?.(err as Error));
      }}
    >
      {files.length < max && <span>{t("work.field.addPhoto")}</span>}
    </Upload>
  );
}

/** The ids of the uploads that finished. */
export function photoIds(files: readonly UploadFile[]): string[] {
  return files
    .map((f) => (f.response as AttachmentCreated | undefined)?.id)
    .filter((id): id is string => typeof id === "string");
}
