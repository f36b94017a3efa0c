// simple-peer's own browser build: one self-contained file with its Node shims (buffer,
// streams) inside, so the app's bundle needs none. Same API as the package's main entry.
declare module "simple-peer/simplepeer.min.js" {
  import SimplePeer from "simple-peer";
  export default SimplePeer;
}
