import { AlertOutlined, FileSearchOutlined, SendOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ConsolePage } from "../../pages.js";

/** The work pages, in menu order. */
export const workPages: ConsolePage[] = [
  {
    path: "dispatch",
    labelKey: "work.nav.dispatch",
    icon: <SendOutlined />,
    anyOf: ["cases.dispatch"],
    component: lazy(() => import("./DispatchPage.js")),
  },
  {
    path: "worklist",
    labelKey: "work.nav.worklist",
    icon: <UnorderedListOutlined />,
    anyOf: ["cases.handle", "cases.verify"],
    component: lazy(() => import("./WorkListPage.js")),
  },
  {
    path: "supervision",
    labelKey: "work.nav.supervision",
    icon: <AlertOutlined />,
    anyOf: ["cases.supervise"],
    component: lazy(() => import("./SupervisionPage.js")),
  },
  {
    path: "cases/:id",
    labelKey: "work.nav.case",
    icon: <FileSearchOutlined />,
    anyOf: ["cases.read"],
    component: lazy(() => import("./CasePage.js")),
    menu: false,
  },
];
