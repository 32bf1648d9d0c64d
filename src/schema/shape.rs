//! A file type's keys read from the struct it is deserialized into, so that each file type has
//! one schema: the `Raw*` struct gives its values, its unknown keys, their suggestions and their
//! lines.
//!
//! `Shape::of::<T>()` runs `T`'s `Deserialize` against a probe that records, at each
//! `deserialize_struct`, the field names serde derived from the struct, and feeds every field
//! a harmless value to find the shapes nested in it. `serde_ignored` was weighed: it reports
//! every ignored key, but with neither a place in the file nor the keys that were expected, so
//! no suggestion; the probe gives the expected keys, and the parsed table gives the places.

use serde::Deserialize;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

/// The keys a TOML table may hold, so that a misspelled one is caught with a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A table with exactly these keys, each with the shape of its value.
    Table(Vec<(&'static str, Shape)>),
    /// An array whose items have this shape (`[[taxonomies]]`).
    ArrayOf(Box<Shape>),
    /// A table of entries with any keys, each with this shape (`[languages.pl]`, `[extra]`).
    MapOf(Box<Shape>),
    /// Anything at all: a scalar, or free data.
    Any,
}

/// Serde's private names for the wrappers that carry a value's place and TOML's dates: they
/// are not tables of the file, and the probe looks through them.
const SPANNED: &str = "$__serde_spanned_private_Spanned";
const SPANNED_VALUE: &str = "$__serde_spanned_private_value";
const DATETIME: &str = "$__toml_private_Datetime";
const DATETIME_FIELD: &str = "$__toml_private_datetime";

impl Shape {
    /// The shape of the tables `T` is deserialized from.
    pub(crate) fn of<T: for<'de> Deserialize<'de>>() -> Shape {
        let mut shape = Shape::Any;
        // A probe's value can be refused by a type's own checks (a URL parsed from a string);
        // the shapes recorded up to then stand, and the tests of each file type's shape say
        // that none is missed.
        let _ = T::deserialize(Probe {
            out: &mut shape,
            text: "",
        });
        shape
    }

    /// This table's shape with one key's value shaped otherwise (a table the struct keeps as
    /// free data and reads later, entry by entry).
    pub(crate) fn with_value(mut self, key: &str, value: Shape) -> Shape {
        if let Shape::Table(fields) = &mut self
            && let Some((_, shape)) = fields.iter_mut().find(|(k, _)| *k == key)
        {
            *shape = value;
        }
        self
    }

    /// The keys of a table's shape, in the struct's order; none for other shapes.
    pub(crate) fn keys(&self) -> Vec<&'static str> {
        match self {
            Shape::Table(fields) => fields.iter().map(|(key, _)| *key).collect(),
            _ => Vec::new(),
        }
    }
}

/// Deserializes any type once, recording the shape of its tables into `out`.
struct Probe<'a> {
    out: &'a mut Shape,
    /// The string a string asks for: TOML's dates parse theirs.
    text: &'static str,
}

type Error = de::value::Error;

impl<'de> de::Deserializer<'de> for Probe<'_> {
    type Error = Error;

    /// Free data (`toml::Value`): an empty table is a value it takes.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = Shape::Any;
        visitor.visit_map(de::value::MapDeserializer::new(std::iter::empty::<(
            &str,
            &str,
        )>()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == DATETIME {
            *self.out = Shape::Any;
            return visitor.visit_map(Fields::new(fields, None, self.out));
        }
        if name == SPANNED {
            return visitor.visit_map(Fields::new(fields, None, self.out));
        }
        *self.out = Shape::Table(fields.iter().map(|f| (*f, Shape::Any)).collect());
        let Shape::Table(table) = self.out else {
            unreachable!("just set")
        };
        visitor.visit_map(Fields::new(fields, Some(table), &mut Shape::Any))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = Shape::MapOf(Box::new(Shape::Any));
        let Shape::MapOf(each) = self.out else {
            unreachable!("just set")
        };
        visitor.visit_map(Entry { each, done: false })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = Shape::ArrayOf(Box::new(Shape::Any));
        let Shape::ArrayOf(each) = self.out else {
            unreachable!("just set")
        };
        visitor.visit_seq(Item { each, done: false })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        *self.out = Shape::Any;
        let first: &'static str = variants.first().copied().unwrap_or_default();
        visitor.visit_enum(first.into_deserializer())
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = Shape::Any;
        visitor.visit_str(self.text)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = Shape::Any;
        visitor.visit_bool(false)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = Shape::Any;
        visitor.visit_u64(0)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = Shape::Any;
        visitor.visit_f64(0.0)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = Shape::Any;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit_struct tuple tuple_struct identifier ignored_any
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }
}

/// A struct's fields, each given once with a probe for its value.
struct Fields<'a> {
    fields: &'static [&'static str],
    next: usize,
    /// The table's recorded keys, whose shapes the probes fill; `None` for a wrapper whose
    /// value's shape is the wrapper's own (`through`).
    table: Option<&'a mut Vec<(&'static str, Shape)>>,
    through: &'a mut Shape,
}

impl<'a> Fields<'a> {
    fn new(
        fields: &'static [&'static str],
        table: Option<&'a mut Vec<(&'static str, Shape)>>,
        through: &'a mut Shape,
    ) -> Self {
        Fields {
            fields,
            next: 0,
            table,
            through,
        }
    }
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(field) = self.fields.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize(BorrowedStrDeserializer::new(field))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let field = self.fields.get(self.next).copied().unwrap_or_default();
        self.next += 1;
        let mut scratch = Shape::Any;
        let (out, text) = match (&mut self.table, field) {
            (Some(table), _) => (&mut table[self.next - 1].1, ""),
            (None, SPANNED_VALUE) => (&mut *self.through, ""),
            (None, DATETIME_FIELD) => (&mut scratch, "1979-05-27"),
            (None, _) => (&mut scratch, ""),
        };
        seed.deserialize(Probe { out, text })
    }
}

/// A map's one sample entry, whose value's shape is every entry's.
struct Entry<'a> {
    each: &'a mut Shape,
    done: bool,
}

impl<'de> MapAccess<'de> for Entry<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.done {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new("key"))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.done = true;
        seed.deserialize(Probe {
            out: self.each,
            text: "",
        })
    }
}

/// An array's one sample item, whose shape is every item's.
struct Item<'a> {
    each: &'a mut Shape,
    done: bool,
}

impl<'de> SeqAccess<'de> for Item<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.done {
            return Ok(None);
        }
        self.done = true;
        seed.deserialize(Probe {
            out: self.each,
            text: "",
        })
        .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::Shape;
    use serde::Deserialize;
    use toml::Spanned;
    use toml::value::Datetime;

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Inner {
        name: Spanned<String>,
        feed: Option<bool>,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Outer {
        date: Option<Spanned<Datetime>>,
        count: u32,
        list: Vec<Spanned<String>>,
        inner: Inner,
        each: Vec<Inner>,
        by_code: std::collections::BTreeMap<String, Inner>,
        #[serde(default)]
        extra: toml::Table,
        after: String,
    }

    #[test]
    fn reads_nested_tables_through_spans_and_dates() {
        let inner = Shape::Table(vec![("name", Shape::Any), ("feed", Shape::Any)]);
        let expected = Shape::Table(vec![
            ("date", Shape::Any),
            ("count", Shape::Any),
            ("list", Shape::ArrayOf(Box::new(Shape::Any))),
            ("inner", inner.clone()),
            ("each", Shape::ArrayOf(Box::new(inner.clone()))),
            ("by_code", Shape::MapOf(Box::new(inner))),
            ("extra", Shape::MapOf(Box::new(Shape::Any))),
            ("after", Shape::Any),
        ]);
        assert_eq!(Shape::of::<Outer>(), expected);
    }
}
