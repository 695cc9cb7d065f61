import type { App, AppContext } from "../../server/context.js";

export async function accountRoutes(_app: App, _ctx: AppContext): Promise<void> {}
