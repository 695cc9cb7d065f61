/**
 * The console's antd theme: antd's default blue and grey texts fall short of WCAG AA contrast
 * (4.5:1) on white and on the selected menu item's light blue, which axe-core reports as serious.
 * These tokens keep antd's look with darker shades.
 */
import type { ThemeConfig } from "antd";

export const consoleTheme: ThemeConfig = {
  token: {
    colorPrimary: "#0958d9",
    colorLink: "#0958d9",
    // antd lightens these on hover and press: a button still under the mouse after a click
    // (its text on white) falls short of 4.5:1 with the lighter defaults.
    colorPrimaryHover: "#003eb3",
    colorPrimaryActive: "#002c8c",
    colorLinkHover: "#003eb3",
    colorLinkActive: "#002c8c",
    colorError: "#cf1322",
    colorTextDescription: "rgba(0, 0, 0, 0.65)",
    colorTextTertiary: "rgba(0, 0, 0, 0.65)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.6)",
    colorTextQuaternary: "rgba(0, 0, 0, 0.6)",
  },
};
