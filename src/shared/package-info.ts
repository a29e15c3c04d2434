/** Name and version of the tool, stamped into every generated artifact. */
export const TOOL_NAME = 'ofm-postman';
