//! Filters and functions Dossier adds to Tera: `date`, `slugify`, `get_url`.

use chrono::{DateTime, NaiveDate};
use tera::{Error, Kwargs, State, Tera, TeraResult};

use crate::routes::Base;

/// Registers every Dossier filter and function; `base` is where the site is served.
pub(crate) fn register(tera: &mut Tera, base: &Base) {
    tera.register_filter("date", date);
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| {
        crate::slug::slugify(text)
    });
    let base = base.clone();
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            Ok(base.url_path(&path))
        },
    );
}

/// `{{ "2025-02-13" | date(format="%-d %B %Y") }}`: formats an ISO date or RFC 3339 date-time
/// with chrono's `strftime` syntax; the default format gives "13 February 2025".
fn date(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let format: String = kwargs
        .get("format")?
        .unwrap_or_else(|| "%-d %B %Y".to_string());
    let items: Vec<_> = chrono::format::StrftimeItems::new(&format).collect();
    if items.contains(&chrono::format::Item::Error) {
        return Err(Error::message(format!(
            "`{format}` is not a valid date format"
        )));
    }
    if let Ok(moment) = DateTime::parse_from_rfc3339(value) {
        return Ok(moment.format_with_items(items.into_iter()).to_string());
    }
    let day = value.get(..10).unwrap_or(value);
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| Error::message(format!("`{value}` is not a date (expected YYYY-MM-DD)")))?;
    Ok(date.format_with_items(items.into_iter()).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> Result<String, tera::Error> {
        let mut tera = Tera::new();
        register(&mut tera, &Base::parse("https://example.org/sub/").unwrap());
        tera.add_raw_template("t.html", template)?;
        tera.render("t.html", &tera::Context::new())
    }

    #[test]
    fn date_filter_formats_dates_and_moments() {
        assert_eq!(
            render("{{ '2025-02-13' | date }}").unwrap(),
            "13 February 2025"
        );
        assert_eq!(
            render("{{ '2025-02-13T09:30:00+01:00' | date(format='%Y/%m/%d %H:%M') }}").unwrap(),
            "2025/02/13 09:30"
        );
        assert!(render("{{ 'soon' | date }}").is_err());
    }

    #[test]
    fn slugify_and_get_url() {
        assert_eq!(
            render("{{ 'Energy & Climate' | slugify }}").unwrap(),
            "energy-climate"
        );
        assert_eq!(
            render("{{ get_url(path='/style.css') }}").unwrap(),
            "/sub/style.css"
        );
    }
}
