import {
  AlertOutlined,
  CustomerServiceOutlined,
  PhoneOutlined,
  FileSearchOutlined,
  SearchOutlined,
  SendOutlined,
  UnorderedListOutlined,
} from "@ant-design/icons";
import { lazy } from "react";
import type { ConsoleModule } from "../../pages.js";

/** The appeal loop's pages (module `cases`), in menu order. */
export const casesPages: ConsoleModule = {
  module: "cases",
  pages: [
    {
      id: "cases.dispatch",
      path: "dispatch",
      group: "work",
      labelKey: "work.nav.dispatch",
      icon: <SendOutlined />,
      anyOf: ["cases.dispatch"],
      component: lazy(() => import("./DispatchPage.js")),
    },
    {
      id: "cases.intake",
      path: "intake",
      group: "work",
      labelKey: "intake.nav.desk",
      icon: <CustomerServiceOutlined />,
      anyOf: ["cases.intake"],
      component: lazy(() => import("./IntakePage.js")),
    },
    {
      id: "cases.followUps",
      path: "follow-ups",
      group: "work",
      labelKey: "intake.nav.followUps",
      icon: <PhoneOutlined />,
      anyOf: ["cases.follow_up"],
      component: lazy(() => import("./FollowUpPage.js")),
    },
    {
      id: "cases.worklist",
      path: "worklist",
      group: "work",
      labelKey: "work.nav.worklist",
      icon: <UnorderedListOutlined />,
      anyOf: ["cases.handle", "cases.verify"],
      component: lazy(() => import("./WorkListPage.js")),
    },
    {
      id: "cases.supervision",
      path: "supervision",
      group: "work",
      labelKey: "work.nav.supervision",
      icon: <AlertOutlined />,
      anyOf: ["cases.supervise"],
      component: lazy(() => import("./SupervisionPage.js")),
    },
    {
      id: "cases.search",
      path: "cases",
      group: "work",
      labelKey: "centre.nav.search",
      icon: <SearchOutlined />,
      anyOf: ["cases.read"],
      component: lazy(() => import("./CaseSearchPage.js")),
    },
    {
      id: "cases.case",
      path: "cases/:id",
      group: "work",
      labelKey: "work.nav.case",
      icon: <FileSearchOutlined />,
      anyOf: ["cases.read"],
      component: lazy(() => import("./CasePage.js")),
      menu: false,
    },
  ],
};
