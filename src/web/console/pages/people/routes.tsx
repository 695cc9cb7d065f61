import { HomeOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ConsoleModule } from "../../pages.js";

/** The register of people and places: persons of the area, their files (people.read). */
export const peoplePages: ConsoleModule = {
  module: "people",
  pages: [
    {
      id: "people.register",
      path: "people",
      group: "work",
      labelKey: "people.title",
      icon: <HomeOutlined />,
      anyOf: ["people.read"],
      component: lazy(() => import("./Register.js")),
    },
  ],
};
