//! Filters and functions Dossier adds to Tera: `t` (interface strings), `date`, `slugify`,
//! `get_url`, `responsive_image`. `t` and `date` write in the page's language, the context's `lang`.

use chrono::{DateTime, NaiveDate};
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use std::borrow::Cow;
use std::sync::Arc;

use crate::emit::images::{Gallery, Kind, SIZES};
use crate::i18n::{Fill, Strings};
use crate::lang::LangId;
use crate::routes::Base;

/// Registers every Dossier filter and function; `base` is where the site is served, `assets`
/// the fingerprinted static files (`style.css` → `style.{hash}.css`), which `get_url` links
/// under their written names.
pub(crate) fn register(
    tera: &mut Tera,
    base: &Base,
    strings: Arc<Strings>,
    assets: std::collections::BTreeMap<String, String>,
) {
    let for_dates = strings.clone();
    tera.register_filter("date", move |value: &str, kwargs: Kwargs, state: &State| {
        date(value, kwargs, state, &for_dates)
    });
    tera.register_function("t", move |kwargs: Kwargs, state: &State| {
        translate(kwargs, state, &strings)
    });
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| {
        crate::slug::slugify(text)
    });
    let base = base.clone();
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            match assets.get(path.trim_start_matches('/')) {
                Some(hashed) => Ok(base.url_path(hashed)),
                None => Ok(base.url_path(&path)),
            }
        },
    );
}

/// Registers `responsive_image`: `{% set img = responsive_image(path="/img/team.jpg") %}`
/// gives an image of the site (a static file, a bundle's image, a photo; its path below the
/// site's root or its URL path) as `src`, `width`, `height`, `srcset` (copies in its own
/// format), `webp_srcset` and `sizes`; SVG and GIF images have empty `srcset`s. An image the
/// site does not publish, or another site's, gives nothing (`none`).
pub(crate) fn register_images(tera: &mut Tera, base: &Base, gallery: Arc<Gallery>) {
    let base = base.clone();
    tera.register_function(
        "responsive_image",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path: String = kwargs.must_get("path")?;
            let inside = path.strip_prefix(base.path()).unwrap_or(&path);
            let Some(picture) = gallery.get(inside.trim_start_matches('/')) else {
                return Ok(Value::none());
            };
            let (src, width, height) = picture.src(&base);
            let resized = picture.is_resized();
            let set = |format| {
                if resized {
                    picture.srcset(format, &base)
                } else {
                    String::new()
                }
            };
            let own = set(picture.fallback_format());
            let webp = if picture.fallback_format() == Kind::Webp {
                String::new()
            } else {
                set(Kind::Webp)
            };
            Ok(Value::from_serializable(&ImageValue {
                src,
                width,
                height,
                srcset: own,
                webp_srcset: webp,
                sizes: SIZES,
            }))
        },
    );
}

/// What `responsive_image` gives a template.
#[derive(serde::Serialize)]
struct ImageValue {
    src: String,
    width: u32,
    height: u32,
    srcset: String,
    webp_srcset: String,
    sizes: &'static str,
}

/// The language of the page being rendered: its context's `lang`.
fn page_lang(state: &State, strings: &Strings) -> (LangId, String) {
    let code: String = state.get("lang").ok().flatten().unwrap_or_default();
    (strings.lang_of(&code), code)
}

/// The id of the page's language, for `t`: on a site with one language, every page is in
/// it, and the context need not be read (`t` is called some forty times per page).
fn page_lang_id(state: &State, strings: &Strings) -> LangId {
    if strings.is_single() {
        return LangId::DEFAULT;
    }
    let code: Option<Value> = state.get("lang").ok().flatten();
    code.as_ref()
        .and_then(Value::as_str)
        .map_or(LangId::DEFAULT, |code| strings.lang_of(code))
}

/// `{{ t(key="cite_this") }}`: an interface string in the page's language; `n=5` picks the
/// plural form and fills `{n}`; any other argument fills its `{name}`. An argument that is
/// HTML the template made (`{% set link %}<a …>…</a>{% endset %}`) goes in as it is: the
/// string is then escaped around it and returned as HTML, so that a sentence can hold links.
fn translate(kwargs: Kwargs, state: &State, strings: &Strings) -> TeraResult<Value> {
    let key: Cow<'_, str> = kwargs.must_get("key")?;
    let lang = page_lang_id(state, strings);
    // Most calls name only a key whose text is plain: its value is ready.
    if kwargs.iter().nth(1).is_none()
        && let Some(value) = strings.plain_value(lang, &key)
    {
        return Ok(value.clone());
    }
    let n = kwargs.get::<i64>("n")?.map(i64::unsigned_abs);
    let args: Vec<(String, &Value)> = kwargs
        .iter()
        .map(|(name, value)| (name.to_string(), value))
        .filter(|(name, _)| !matches!(name.as_str(), "key" | "n"))
        .collect();
    let is_html = |value: &Value| value.as_str().is_some() && value.is_safe();
    if !args.iter().any(|(_, value)| is_html(value)) {
        let args: Vec<(&str, String)> = args
            .iter()
            .map(|(name, value)| (name.as_str(), value.to_string()))
            .collect();
        return Ok(Value::from(strings.text(lang, &key, n, &args)));
    }
    let fills: Vec<(&str, Fill)> = args
        .iter()
        .map(|(name, value)| {
            let fill = if is_html(value) {
                Fill::Html(value.to_string())
            } else {
                Fill::Text(value.to_string())
            };
            (name.as_str(), fill)
        })
        .collect();
    let html = strings.html((lang, &key, n), &fills, escape);
    Ok(Value::safe_string(&html))
}

/// Text escaped as autoescaping escapes it.
fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// `{{ "2025-02-13" | date(format="%-d %B %Y") }}`: formats an ISO date or RFC 3339 date-time
/// with chrono's `strftime` syntax, in the page's language; the default format is the
/// language's own (`date_format`), "13 February 2025" in English.
fn date(value: &str, kwargs: Kwargs, state: &State, strings: &Strings) -> TeraResult<String> {
    let (lang, code) = page_lang(state, strings);
    let format: String = kwargs.get("format")?.unwrap_or_else(|| {
        strings
            .get(lang, "date_format")
            .unwrap_or_else(|| "%-d %B %Y".to_string())
    });
    let items: Vec<_> = chrono::format::StrftimeItems::new(&format).collect();
    if items.contains(&chrono::format::Item::Error) {
        return Err(Error::message(format!(
            "`{format}` is not a valid date format"
        )));
    }
    let code = if code.is_empty() { "en" } else { code.as_str() };
    if let Ok(moment) = DateTime::parse_from_rfc3339(value) {
        if format.contains("%H") || format.contains("%M") || format.contains("%z") {
            return Ok(moment.format_with_items(items.into_iter()).to_string());
        }
        return Ok(crate::lang::format_date(moment.date_naive(), &format, code));
    }
    let day = value.get(..10).unwrap_or(value);
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| Error::message(format!("`{value}` is not a date (expected YYYY-MM-DD)")))?;
    Ok(crate::lang::format_date(date, &format, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> Result<String, tera::Error> {
        let mut tera = Tera::new();
        register(
            &mut tera,
            &Base::parse("https://example.org/sub/").unwrap(),
            Arc::default(),
            [("style.css".to_string(), "style.0123.css".to_string())].into(),
        );
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

    /// Renders `template` for a page in `lang`, with these strings.
    fn render_in(template: &str, strings: Strings, lang: &str) -> String {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        let base = Base::parse("https://example.org/").unwrap();
        register(&mut tera, &base, Arc::new(strings), Default::default());
        tera.add_raw_template("t.html", template).unwrap();
        let mut context = tera::Context::new();
        context.insert("lang", &lang);
        context.insert("url", &"/topics/?a=1&b=2");
        tera.render("t.html", &context).unwrap()
    }

    #[test]
    fn t_writes_in_the_pages_language_and_keeps_html_arguments() {
        let strings = Strings::from_texts(&[
            (
                "en",
                "browse = \"Browse by {topic} & more\"\nby = \"By {name}\"\nmin = { one = \"{n} min\", other = \"{n} min\" }\n",
            ),
            (
                "pl",
                "min = { one = \"{n} minuta\", few = \"{n} minuty\", many = \"{n} minut\", other = \"{n} minuty\" }\n",
            ),
        ]);
        let template = "{{ t(key='min', n=2) }}|{{ t(key='min', n=5) }}|{{ t(key='by', name='<Ann>') }}|\
            {% set link %}<a href=\"{{ url }}\">topic</a>{% endset %}{{ t(key='browse', topic=link) }}";
        assert_eq!(
            render_in(template, strings.clone(), "pl"),
            "2 minuty|5 minut|By &lt;Ann&gt;|Browse by <a href=\"/topics/?a=1&amp;b=2\">topic</a> &amp; more"
        );
        assert!(render_in(template, strings, "en").starts_with("2 min|5 min|"));
    }

    #[test]
    fn slugify_and_get_url() {
        assert_eq!(
            render("{{ 'Energy & Climate' | slugify }}").unwrap(),
            "energy-climate"
        );
        assert_eq!(
            render("{{ get_url(path='/style.css') }}").unwrap(),
            "/sub/style.0123.css",
            "a fingerprinted file is linked under its written name"
        );
        assert_eq!(
            render("{{ get_url(path='print.css') }}").unwrap(),
            "/sub/print.css"
        );
    }
}
