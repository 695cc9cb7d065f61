/**
 * Text for the libraries that take HTML. Leaflet's `bindTooltip`/`bindPopup`/`setContent` and
 * ECharts' tooltip `formatter` put a string they are given into `innerHTML`, so a grid, category
 * or person named `<img src=x onerror=…>` would run script. Hand them a node whose text is set
 * with `textContent` instead: the browser never parses it as markup. Every name, description or
 * other string that came from data goes into such a library through here.
 */
export function plainTextNode(text: string): HTMLElement {
  const node = document.createElement("span");
  node.textContent = text;
  return node;
}
