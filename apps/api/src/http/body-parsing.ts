import { HttpException } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { NextFunction, Request, Response } from 'express';
import { InvalidInputException, RequestRefusedException } from './invalid-input';
import { jsonShapeProblem } from './json-body-shape';

/** Deeper than any DTO (3 levels today), far below what validation can recurse through. */
export const MAX_JSON_DEPTH = 32;

/**
 * Bodies are JSON only (a plain HTML form, which needs no CORS preflight, can send nothing a
 * command reads), UTF-8, at most `limitBytes` once decompressed, and of a shape validation can
 * walk safely. Needs `bodyParser: false` at creation, so that no other parser reads bodies first.
 */
export function useJsonBodies(app: NestExpressApplication, limitBytes: number): void {
  app.use(requireJsonContentType);
  app.useBodyParser('json', { limit: limitBytes, strict: true });
  app.use(toRequestRefusal);
  app.use(requireSafeJsonShape);
}

/**
 * The parser's errors (http-errors with a `type`) say exactly what is wrong, but Nest would turn
 * them into anonymous 400s or 500s: they become typed refusals here, where they are understood.
 */
function toRequestRefusal(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  next(parserRefusal(error) ?? error);
}

function parserRefusal(error: unknown): RequestRefusedException | undefined {
  if (!(error instanceof Error) || error instanceof HttpException) return undefined;
  const { status, type, limit, code } = error as Error & { status?: unknown; type?: unknown; limit?: unknown; code?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  switch (type) {
    case 'entity.too.large':
      return new RequestRefusedException(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${typeof limit === 'number' ? `${limit / 1024} kB` : 'the limit'} (counted after decompression)`, 'body');
    case 'encoding.unsupported':
      return new RequestRefusedException(415, 'UNSUPPORTED_CONTENT_ENCODING', `${error.message}: send identity, gzip, deflate or br`, 'Content-Encoding');
    case 'charset.unsupported':
      return new RequestRefusedException(415, 'UNSUPPORTED_MEDIA_TYPE', `${error.message}: JSON bodies are UTF-8`, 'Content-Type');
    case 'entity.parse.failed':
      return new RequestRefusedException(400, 'MALFORMED_JSON', `the request body is not a JSON object or list: ${error.message}`, 'body');
  }
  // a failing decompression stream (corrupt or truncated gzip, deflate, br) has no type of its own
  if (typeof code === 'string' && /^Z_|^ERR_(ZLIB|BROTLI)|^ERR__ERROR_FORMAT/.test(code)) {
    return new RequestRefusedException(400, 'MALFORMED_BODY', `the request body does not decompress with its Content-Encoding (${code})`, 'Content-Encoding');
  }
  return new RequestRefusedException(400, 'INCOMPLETE_BODY', `the request body could not be read whole: ${error.message}`, 'body');
}

function requireJsonContentType(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (hasBody && !req.is('application/json')) {
    const type = req.headers['content-type'];
    return next(new RequestRefusedException(415, 'UNSUPPORTED_MEDIA_TYPE', `the body must be sent as application/json${type ? `, not ${type}` : ' (no Content-Type was given)'}`, 'Content-Type'));
  }
  next();
}

function requireSafeJsonShape(req: Request, _res: Response, next: NextFunction): void {
  const problem = jsonShapeProblem(req.body, MAX_JSON_DEPTH);
  if (!problem) return next();
  if (problem.rule === 'maxDepth') return next(new RequestRefusedException(400, 'JSON_TOO_DEEP', problem.message, problem.field));
  next(new InvalidInputException([problem]));
}
