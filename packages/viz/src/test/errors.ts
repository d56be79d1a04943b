import { FmnistError } from '@fmnist/errors';

/** Thrown by `parseXml` (`xml.ts`) when a test's SVG is not well-formed XML; on the shared base like every fmnist error. */
export class XmlSyntaxError extends FmnistError {
  static override readonly brand: symbol = Symbol.for('@fmnist/viz.XmlSyntaxError');
  static override readonly code: string = 'XML_SYNTAX';
  override readonly name: string = 'XmlSyntaxError';
}
