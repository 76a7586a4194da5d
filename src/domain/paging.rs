//! Paging a long list: which page, how many, the links before and after.

/// Links for a paginated list.
#[derive(serde::Serialize, Debug, PartialEq)]
pub struct Pagination {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub prev: Option<i64>,
    pub next: Option<i64>,
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
        }
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
}
