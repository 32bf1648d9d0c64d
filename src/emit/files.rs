//! Files copied as they are: the theme's and the site's static files, and bundle files.

use super::{Context, Emitter, Planned};
use crate::output::Contents;
use crate::theme::StaticFile;

/// Files copied as they are: the theme's and the site's static files, and bundle files.
pub(crate) struct Files<'a> {
    pub(crate) cx: Context<'a>,
}

impl Emitter for Files<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let statics = self.cx.theme.static_files.iter().map(|(path, file)| {
            let contents = match file {
                StaticFile::Disk(source) => Contents::Copy(source.clone()),
                StaticFile::Embedded(bytes) => Contents::Static(bytes),
            };
            Planned::new(path.clone(), None, move || Ok(contents))
        });
        let assets = self.cx.library.assets.iter().map(|asset| {
            let contents = Contents::Copy(asset.source.clone());
            Planned::new(asset.target.clone(), None, move || Ok(contents))
        });
        statics.chain(assets).collect()
    }
}
