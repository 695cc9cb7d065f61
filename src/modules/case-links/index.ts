/** What other modules may use of the case links: linking an appeal they raise to its person. */
export { linkRaisedCase } from "./link-case.js";
