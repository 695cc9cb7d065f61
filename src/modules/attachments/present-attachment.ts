import type { AttachmentRow } from "./create-attachment.js";
import type { AttachmentView } from "./schemas.js";

/** The client's view of an attachment, for case and event answers as well as the upload's 201. */
export function presentAttachment(row: AttachmentRow): AttachmentView {
  const url = `/api/v1/attachments/${row.id}`;
  return {
    id: row.id,
    mime: row.mime,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    url,
    thumbUrl: `${url}/thumb`,
  };
}
