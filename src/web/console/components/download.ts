/**
 * Downloads a file from the API with the session cookie: the server's error message is shown
 * when it refuses, instead of a browser page of JSON. Resolves with the file's name.
 */
import { API_PREFIX, ApiError, withQuery, type Query } from "../../shared/api.js";

function fileName(disposition: string | null, fallback: string): string {
  const star = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (star) return decodeURIComponent(star);
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

export async function downloadFile(path: string, query: Query, fallback: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(withQuery(`${API_PREFIX}${path}`, query), { credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network", "The network is not available.");
  }
  if (!response.ok) {
    let body: { error?: { code?: string; message?: string; details?: [] } } = {};
    try {
      body = (await response.json()) as typeof body;
    } catch {
      // not JSON: the status says enough
    }
    throw new ApiError(
      response.status,
      body.error?.code ?? `http_${response.status}`,
      body.error?.message ?? response.statusText,
      body.error?.details ?? [],
    );
  }
  const blob = await response.blob();
  const name = fileName(response.headers.get("content-disposition"), fallback);
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
