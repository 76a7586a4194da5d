//! Paging a long list: which page, how many, the links before and after.

/// How far past the requested page a capped count looks.
const LOOK_AHEAD_PAGES: i64 = 10;

/// Links for a paginated list.
#[derive(serde::Serialize, Debug, PartialEq)]
pub struct Pagination {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub prev: Option<i64>,
    pub next: Option<i64>,
    /// The count stopped at a cap: `total` and `pages` are "at least" (shown as "10+").
    pub more: bool,
}

impl Pagination {
    pub fn new(page: i64, per_page: i64, total: i64) -> Self {
        let pages = ((total + per_page - 1) / per_page).max(1);
        let page = page.min(pages);
        Self {
            page,
            pages,
            total,
            prev: (page > 1).then(|| page - 1),
            next: (page < pages).then(|| page + 1),
            more: false,
        }
    }

    /// How many rows to count at most for page `page` of a list whose exact length is
    /// too dear to know (a full-text search): up to ten pages beyond it, and one more
    /// row to tell whether the list goes on.
    pub fn count_cap(page: i64, per_page: i64) -> i64 {
        (page.max(1) + LOOK_AHEAD_PAGES) * per_page + 1
    }

    /// Links for a list counted up to `count_cap(page, per_page)`: when the count reached
    /// the cap, the last page is not known and the total is shown as a lower bound.
    pub fn capped(page: i64, per_page: i64, counted: i64) -> Self {
        let cap = Self::count_cap(page, per_page);
        if counted < cap {
            return Self::new(page, per_page, counted);
        }
        let mut p = Self::new(page, per_page, cap - 1);
        p.more = true;
        p
    }

    pub fn offset(&self, per_page: i64) -> i64 {
        (self.page - 1) * per_page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_up_and_clamp() {
        let p = Pagination::new(9, 50, 101);
        assert_eq!((p.page, p.pages, p.prev, p.next), (3, 3, Some(2), None));
        assert_eq!(p.offset(50), 100);
        let empty = Pagination::new(1, 50, 0);
        assert_eq!(
            (empty.page, empty.pages, empty.prev, empty.next),
            (1, 1, None, None)
        );
    }

    #[test]
    fn a_capped_count_says_there_is_more_and_always_offers_the_next_page() {
        let cap = Pagination::count_cap(1, 20);
        assert_eq!(cap, 221);
        let short = Pagination::capped(1, 20, 45);
        assert_eq!((short.pages, short.total, short.more), (3, 45, false));
        let long = Pagination::capped(1, 20, cap);
        assert_eq!((long.pages, long.total, long.more), (11, 220, true));
        assert_eq!(long.next, Some(2));
        let far = Pagination::capped(11, 20, Pagination::count_cap(11, 20));
        assert_eq!(
            (far.page, far.pages, far.next, far.more),
            (11, 21, Some(12), true)
        );
    }
}
