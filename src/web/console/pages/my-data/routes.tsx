import { AuditOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ConsoleModule } from "../../pages.js";

/** Residents' correction requests about the register (module `my_data`), in the people area. */
export const myDataPages: ConsoleModule = {
  module: "my_data",
  notificationKinds: {
    register_correction_requested: "corrections.kind.register_correction_requested",
    register_correction_done: "corrections.kind.register_correction_done",
    register_correction_declined: "corrections.kind.register_correction_declined",
  },
  pages: [
    {
      id: "people.corrections",
      path: "people/corrections",
      group: "work",
      labelKey: "corrections.nav",
      icon: <AuditOutlined />,
      anyOf: ["people.read"],
      component: lazy(() => import("./CorrectionsPage.js")),
    },
  ],
};
