import type { App, AppContext } from "../../server/context.js";

export async function gridRoutes(_app: App, _ctx: AppContext): Promise<void> {}
