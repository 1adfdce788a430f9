/** Which page of a list: PageNumber from 1, PageSize items each. */
export interface PageRequest {
  readonly pageNumber: number;
  readonly pageSize: number;
}

export interface Page<T> {
  readonly items: T[];
  /** Items in the whole list, not just this page. */
  readonly total: number;
}

/**
 * One page of a list, for every list operation: the total first, then the page's rows only when the
 * page starts inside the list (a page past the end is empty, with the true total).
 */
export async function page<T>(
  request: PageRequest,
  count: () => Promise<number>,
  list: (offset: number, limit: number) => Promise<T[]>,
): Promise<Page<T>> {
  const total = await count();
  const offset = (request.pageNumber - 1) * request.pageSize;
  const items = offset < total ? await list(offset, request.pageSize) : [];
  return { items, total };
}
