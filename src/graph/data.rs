//! Views back to model data, and views in serialized answers.
//!
//! Each borrowed view turns back into the plain model type it stands for
//! (`to_data`: it allocates, as the graph stores items in a compact form; a
//! [`SourceRef`] is stored as its model type and lends it with [`SourceRef::data`]).
//!
//! In a serialized query answer, an actor is written as a short reference
//! (`{"key": …, "name": …, "kind": …}`), since answers name actors many times;
//! statements, relations, events and sources as their model data, spelled as in the
//! dataset format (actors by key).

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{ActorRef, EventRef, ParticipantRef, RelationRef, SourceRef, StatementRef, TargetRef};
use crate::model::{Actor, Event, Participant, Relation, Statement, Target};

impl ActorRef<'_> {
    /// The actor as model data, as a dataset would hold it.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let atlantis = g.resolve("atlantis")?.to_data();
    /// assert_eq!(atlantis.aliases, ["Poseidonia"]);
    /// # Ok::<(), stancegraph::LookupError>(())
    /// ```
    pub fn to_data(&self) -> Actor {
        let mut actor = Actor::new(self.key(), self.name(), self.kind());
        actor.aliases = self.aliases().map(str::to_owned).collect();
        actor.description = self.description().map(str::to_owned);
        actor.citations = self.citations().to_vec();
        actor.wikidata = self.wikidata();
        actor.country = self.country();
        actor.proposed = self.is_proposed();
        actor
    }
}

impl RelationRef<'_> {
    /// The relation as model data, its ends by key.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let r = g.relations().next().expect("a relation").to_data();
    /// assert!(g.actor_by_key(&r.from).is_some());
    /// ```
    pub fn to_data(&self) -> Relation {
        let mut relation = Relation::new(self.from().key(), self.kind(), self.to().key());
        relation.title = self.title().map(str::to_owned);
        relation.start = self.start();
        relation.end = self.end();
        relation.confidence = self.confidence();
        relation.citations = self.citations().to_vec();
        relation
    }
}

impl EventRef<'_> {
    /// The event as model data, its actors by key.
    pub fn to_data(&self) -> Event {
        let mut event = Event::new(self.key(), self.kind(), self.label());
        event.date = self.date();
        event.place = self.place().map(|a| a.key().to_owned());
        event.participants = self.participants().map(|p| Participant::new(p.actor.key(), p.role)).collect();
        event.citations = self.citations().to_vec();
        event
    }
}

impl StatementRef<'_> {
    /// The statement as model data, its actors and events by key.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let s = g.statement_by_key("vasca-warning").expect("in the example").to_data();
    /// assert_eq!((s.speaker.as_str(), s.via.as_slice()), ("vasca", &["herald".to_owned()][..]));
    /// ```
    pub fn to_data(&self) -> Statement {
        let mut statement = Statement::new(self.key(), self.speaker().key(), self.date());
        statement.order = self.order();
        statement.kind = self.kind();
        statement.mode = self.mode();
        statement.text = self.text().to_owned();
        statement.targets = self.targets().map(|t| Target::new(t.actor.key(), t.stance)).collect();
        statement.hedge = self.hedge();
        let mut chains = self.outlet_chains().map(|c| c.iter().map(|a| a.key().to_owned()).collect());
        if self.via().len() > 0 {
            statement.via = chains.next().unwrap_or_default();
        }
        statement.also_via = chains.collect();
        statement.audience = self.audience().map(str::to_owned);
        statement.about = self.about().map(|e| e.key().to_owned()).collect();
        statement.framing = self.framing().map(str::to_owned).collect();
        statement.citations = self.citations().to_vec();
        statement.proposed = self.is_proposed();
        statement
    }
}

impl Serialize for ActorRef<'_> {
    /// `{"key": …, "name": …, "kind": …}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ActorRef", 3)?;
        s.serialize_field("key", self.key())?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("kind", &self.kind())?;
        s.end()
    }
}

impl Serialize for TargetRef<'_> {
    /// `{"actor": {…}, "stance": …}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("TargetRef", 2)?;
        s.serialize_field("actor", &self.actor)?;
        s.serialize_field("stance", &self.stance)?;
        s.end()
    }
}

impl Serialize for ParticipantRef<'_> {
    /// `{"actor": {…}, "role": …}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ParticipantRef", 2)?;
        s.serialize_field("actor", &self.actor)?;
        s.serialize_field("role", &self.role)?;
        s.end()
    }
}

macro_rules! serialize_as_data {
    ($view:ident, $how:ident) => {
        impl Serialize for $view<'_> {
            /// As its model data (the dataset format's form).
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.$how().serialize(serializer)
            }
        }
    };
}

serialize_as_data!(StatementRef, to_data);
serialize_as_data!(RelationRef, to_data);
serialize_as_data!(EventRef, to_data);
serialize_as_data!(SourceRef, data);
