/** Builds web/dist when it is missing or stale, so the server under test serves the current UI. */
import { buildWeb, webIsStale } from "../../scripts/build.mjs";

export default async function setup(): Promise<void> {
  if (webIsStale()) await buildWeb();
}
