//! Reading monthly values from CSV (`metric,month,value[,note]`). Every bad row is
//! reported with its line number; the caller imports only when there are none, so an
//! import is all or nothing.

use std::collections::HashSet;

use serde::Serialize;

use super::month::YearMonth;
use super::number::NumberFormat;

pub const MAX_ROWS: usize = 10_000;

#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    pub line: u64,
    pub metric_id: i32,
    pub month: YearMonth,
    pub value: f64,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineError {
    pub line: u64,
    pub message: String,
}

/// Parse `text`, naming metrics by id or by name through `resolve` (case-insensitive
/// names are the caller's business). A first line `metric,month,value` is a header.
pub fn parse_values(
    text: &str,
    resolve: impl Fn(&str) -> Option<i32>,
    format: NumberFormat,
) -> Result<Vec<ImportRow>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(LineError {
                    line,
                    message: format!("line {line}: cannot be read as CSV ({e})"),
                });
                continue;
            }
        };
        let line = record.position().map_or(index as u64 + 1, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if index == 0
            && record
                .get(0)
                .is_some_and(|c| c.eq_ignore_ascii_case("metric"))
        {
            continue;
        }
        if rows.len() + errors.len() >= MAX_ROWS {
            errors.push(LineError {
                line,
                message: format!("line {line}: the file has more than {MAX_ROWS} rows; split it"),
            });
            break;
        }
        let mut problems = Vec::new();
        if record.len() < 3 || record.len() > 4 {
            errors.push(LineError {
                line,
                message: format!(
                    "line {line}: expected metric,month,value[,note] but found {} columns",
                    record.len()
                ),
            });
            continue;
        }
        let metric_id = resolve(from_spreadsheet(&record[0]));
        if metric_id.is_none() {
            problems.push(format!("no metric named {:?}", &record[0]));
        }
        let month = YearMonth::parse(&record[1])
            .map_err(|e| problems.push(e.to_string()))
            .ok();
        let value = format
            .read("value", "value", &record[2])
            .map_err(|e| problems.push(e.message))
            .ok();
        let note = super::validation::text(
            "note",
            from_spreadsheet(record.get(3).unwrap_or("")),
            false,
            500,
        )
        .map_err(|e| problems.push(e.message))
        .unwrap_or_default();
        if let (Some(metric_id), Some(month)) = (metric_id, month) {
            if !seen.insert((metric_id, month)) {
                problems.push(format!(
                    "{} for {month} appears twice in the file",
                    &record[0]
                ));
            }
        }
        match (metric_id, month, value) {
            (Some(metric_id), Some(month), Some(value)) if problems.is_empty() => {
                rows.push(ImportRow {
                    line,
                    metric_id,
                    month,
                    value,
                    note,
                })
            }
            _ => errors.push(LineError {
                line,
                message: format!("line {line}: {}", problems.join("; ")),
            }),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(LineError {
            line: 0,
            message: "the file holds no rows; expected lines of metric,month,value".into(),
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as it is written to CSV: one that a spreadsheet would run as a formula
/// (`=HYPERLINK(..)`, `+1`, `@SUM`, a leading tab or CR) gets a leading `'` (OWASP's rule
/// for CSV injection), so Excel, LibreOffice and Sheets show it as text. Numbers are
/// written as numbers and never pass through here.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A text cell as read back: the `'` that [`spreadsheet_safe`] added is taken off, so an
/// exported file imports unchanged.
pub fn from_spreadsheet(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote_and_lose_it_on_import() {
        for evil in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let safe = spreadsheet_safe(evil);
            assert_eq!(safe, format!("'{evil}"));
            assert_eq!(from_spreadsheet(&safe), evil);
        }
        assert_eq!(spreadsheet_safe("CPA"), "CPA");
        assert_eq!(from_spreadsheet("'quoted on purpose"), "'quoted on purpose");
    }

    fn resolve(name: &str) -> Option<i32> {
        match name.to_lowercase().as_str() {
            "cac" | "1" => Some(1),
            "nps" => Some(2),
            _ => None,
        }
    }

    #[test]
    fn reads_rows_after_an_optional_header() {
        let rows = parse_values(
            "metric,month,value\nCAC,2026-01,41.5\nnps,2026-01,\"1,234\",a note\n",
            resolve,
            NumberFormat::CommaPoint,
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].line, rows[0].metric_id, rows[0].value),
            (2, 1, 41.5)
        );
        assert_eq!((rows[1].value, rows[1].note.as_str()), (1234.0, "a note"));
    }

    #[test]
    fn reports_every_bad_row_with_its_line() {
        let errors = parse_values(
            "CAC,2026-01,41\nCPX,2026-13,abc\nNPS,2026-02\nCAC,2026-01,40\n",
            resolve,
            NumberFormat::CommaPoint,
        )
        .unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert!(errors[0].message.contains("no metric named \"CPX\""));
        assert!(errors[0].message.contains("2026-13"));
        assert!(errors[0].message.contains("not a number"));
        assert!(errors[2].message.contains("appears twice"));
    }

    #[test]
    fn values_are_read_in_the_teams_number_format() {
        let rows = parse_values(
            "CAC,2026-01,\"44.800\"\nNPS,2026-01,\"41,5\"\n",
            resolve,
            NumberFormat::PointComma,
        )
        .unwrap();
        assert_eq!((rows[0].value, rows[1].value), (44800.0, 41.5));
        let errors =
            parse_values("CAC,2026-01,\"41,5\"\n", resolve, NumberFormat::CommaPoint).unwrap_err();
        assert!(
            errors[0].message.contains("threes"),
            "{:?}",
            errors[0].message
        );
    }

    #[test]
    fn an_empty_file_is_an_error() {
        assert!(parse_values("metric,month,value\n", resolve, NumberFormat::CommaPoint).is_err());
    }
}
