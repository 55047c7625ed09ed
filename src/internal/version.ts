/** The package version, kept as a constant so the build needs no JSON import; a test holds it equal to package.json. */
export const VERSION = "0.1.0";

export const USER_AGENT = `product-clients/${VERSION}`;
