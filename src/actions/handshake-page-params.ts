import { z } from 'zod';

/** A decimal integer parameter within [min, max]; anything else is InvalidParameter naming it. */
const wireInt = (min: number, max: number) => z.string().regex(/^\d{1,10}$/).transform(Number).pipe(z.number().int().min(min).max(max));

/** `PageNumber` (from 1, default 1) and `PageSize` (1-100, default 10). */
export const pageParams = z.object({ PageNumber: wireInt(1, 2 ** 31 - 1).optional(), PageSize: wireInt(1, 100).optional() });
