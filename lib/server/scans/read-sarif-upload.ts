import "server-only";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { ApiError } from "../api/errors";
import { compressedTooLarge, decompressedTooLarge, SARIF_LIMITS } from "../sarif/sarif-limits";

/**
 * Reads an uploaded SARIF body: the media type, the optional gzip encoding, and the two
 * size limits, the compressed one while the body arrives and the decompressed one while
 * it is inflated (so a gzip bomb stops at the limit instead of filling memory).
 */

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

export type SarifUpload = {
  /** The decompressed log. */
  text: string;
  /** sha256 of the decompressed log. */
  sha256: string;
  /** The log gzip-compressed, as it is kept until processed. */
  gzipped: Buffer;
};

const MEDIA_TYPE = /^application\/(sarif\+json|json)\s*(;|$)/i;

async function readLimited(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw sizeError(compressedTooLarge(declared));
  if (!req.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw sizeError(compressedTooLarge(total));
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

function sizeError(problem: { status: number; message: string }): ApiError {
  return new ApiError(problem.status, problem.message);
}

export async function readSarifUpload(req: Request): Promise<SarifUpload> {
  const type = req.headers.get("content-type") ?? "";
  if (!MEDIA_TYPE.test(type)) {
    throw new ApiError(415, `Send the SARIF log as Content-Type: application/sarif+json (or application/json)${type ? `, not ${type.split(";")[0]}` : ""}.`);
  }
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "gzip" && encoding !== "identity") {
    throw new ApiError(415, `Content-Encoding ${encoding} is not supported: send the log as it is, or gzip-compressed with Content-Encoding: gzip.`);
  }
  const sent = await readLimited(req, SARIF_LIMITS.compressedBytes);
  if (sent.length === 0) throw new ApiError(400, "The request has no body: send the SARIF log as the body.");

  let raw: Buffer;
  let gzipped: Buffer;
  if (encoding === "gzip") {
    try {
      raw = await gunzipAsync(sent, { maxOutputLength: SARIF_LIMITS.decompressedBytes });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw sizeError(decompressedTooLarge());
      throw new ApiError(400, "The body is not valid gzip although Content-Encoding says gzip. Compress it with gzip, or leave Content-Encoding out.");
    }
    gzipped = sent;
  } else {
    raw = sent;
    // Kept compressed until processed; level 1 is several times faster than the default and
    // still shrinks SARIF's repetitive JSON about tenfold.
    gzipped = await gzipAsync(sent, { level: 1 });
  }
  return { text: raw.toString("utf8"), sha256: createHash("sha256").update(raw).digest("hex"), gzipped };
}

/** The log, parsed, or a 400 saying where the JSON breaks. */
export function parseSarifJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, `The body is not valid JSON (${detail}). A SARIF log is a JSON document; check that the file was not truncated.`);
  }
}

export async function inflateStoredLog(gzipped: Uint8Array): Promise<string> {
  return (await gunzipAsync(gzipped, { maxOutputLength: SARIF_LIMITS.decompressedBytes })).toString("utf8");
}
