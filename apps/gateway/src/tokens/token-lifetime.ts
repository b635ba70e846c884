/**
 * The shortest lifetime a token may be asked for, in seconds: the token API's schema states it, and the console's form
 * checks it before sending. This module imports nothing, so the console's bundle takes it as it is.
 */
export const shortestTokenSeconds = 60;
