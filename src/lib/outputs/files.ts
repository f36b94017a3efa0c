import { fileView } from "./shared";



/** What each files procedure answers. */
export const filesOutputs = {
  byId: fileView,
  extractMetadata: fileView,
};
