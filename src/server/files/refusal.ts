// An upload or download Relay turns down, with the HTTP status and a sentence for the person.
export class FileRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 413 | 415 | 416,
    message: string,
  ) {
    super(message);
  }
}

export const tooLarge = (maxBytes: number) =>
  new FileRefusal(413, `The file is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB, the most Relay accepts. Send a smaller file.`);

export const unsupportedType = (message = "Relay cannot tell what kind of file this is. Send an image, video, audio, PDF, office document, text or zip file.") =>
  new FileRefusal(415, message);
