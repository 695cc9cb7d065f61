import type { App, AppContext } from "../../server/context.js";

export async function auditRoutes(_app: App, _ctx: AppContext): Promise<void> {}
