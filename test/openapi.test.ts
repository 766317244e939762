/**
 * /api/v1/openapi.json: a valid OpenAPI 3.1 document (checked by swagger-parser, which
 * also resolves every $ref), describing every /api/v1 route handler in app/ and every
 * query parameter the handlers accept.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import * as openApiRoute from "@/app/api/v1/openapi.json/route";
import { inventoryQuery } from "@/lib/schemas/inventory";
import { call } from "./http";

function v1Routes(dir = path.resolve("app/api/v1")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return v1Routes(full);
    // A folder [id] is the path template {id}.
    return e.name === "route.ts" ? [`/${path.relative(path.resolve("app"), path.dirname(full)).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`] : [];
  });
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1, served without sign-in, and names this server", async () => {
    const result = await call(openApiRoute.GET, { path: "/api/v1/openapi.json" });
    expect(result.status).toBe(200);
    const doc = result.json as unknown as { openapi: string; servers: { url: string }[]; paths: Record<string, { get: { parameters?: { name: string }[] } }> };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0]!.url).toBe("http://localhost:3000");
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("describes every /api/v1 route and every inventory parameter", async () => {
    const doc = (await call(openApiRoute.GET, { path: "/api/v1/openapi.json" })).json as unknown as { paths: Record<string, { get: { parameters?: { name: string }[] } }> };
    expect(Object.keys(doc.paths).sort()).toEqual(v1Routes().sort());
    expect(doc.paths["/api/v1/repositories"]!.get.parameters!.map((p) => p.name).sort()).toEqual(Object.keys(inventoryQuery.shape).sort());
  });
});
