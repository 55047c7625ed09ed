// @ts-check

/** The operations a path item can hold, in the order OpenAPI lists them (calls, lint and the change report walk them so). */
export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
