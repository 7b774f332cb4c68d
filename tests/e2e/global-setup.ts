/** Builds web/dist when it is missing or stale, so the server under test serves the current UI. */
import { buildWeb, needsBuild } from "../../web/build-if-needed.ts";

export default async function setup(): Promise<void> {
  if (needsBuild()) await buildWeb();
}
