import type { ComponentPropsWithRef } from "react";

/**
 * An <img> for our own files. Not next/image: files are served behind the session cookie,
 * which the image optimiser's server-side fetch does not carry, and their size is known from
 * the file's own width and height.
 */
export function PlainImage({ alt, ...props }: ComponentPropsWithRef<"img"> & { alt: string }) {
  // eslint-disable-next-line @next/next/no-img-element -- see above
  return <img alt={alt} decoding="async" {...props} />;
}
