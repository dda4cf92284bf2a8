/// The page-transition graph's tables, as migrations (documented in the README, "Schema").
///
/// Two levels are kept: every recorded *visit* of a screen with the transition that led to it,
/// and the *unique pages* visits fold into (Mobile3M dedup), with transitions counted between
/// unique pages. Nothing recorded is thrown away; inputs that could not be read are kept in
/// `reject` with their reason.
public enum GraphSchema {
  /// `PRAGMA application_id` of an m3m graph: "m3mG" in ASCII. Files made before version 4 have
  /// 0 and are recognised by their tables.
  public static let applicationID: Int32 = 0x6D33_6D47

  /// The oldest schema the queries read as it is; an older file is upgraded before it is read.
  public static let minimumReadableVersion = 3

  /// The migrations that build the schema, oldest first.
  public static var migrator: Migrator {
    var migrator = Migrator()
    migrator.register("v1: apps, sources, pages, visits, elements, actions, edges, rejects") {
      db in try db.executeSchema(version1)
    }
    migrator.register("v2: element text search (FTS5 trigram), launch-page index") { db in
      try db.execute(db.engine == .postgresql ? version2PostgreSQL : version2)
    }
    migrator.register("v3: page line-set index (looking a screen up among stored pages)") {
      db in try db.execute("CREATE INDEX page_line_set ON page(line_set_hash)")
    }
    migrator.register("v4: the file marked as an m3m graph (application_id)") {
      db in try db.setApplicationID(applicationID)
    }
    migrator.register("v5: live ingest sessions and their steps (m3m serve)") {
      db in try db.executeSchema(version5)
    }
    migrator.register("v6: crawl tables (frontier, actions tried, action numbers, crawl id)") {
      db in try createCrawlTables(db)
    }
    migrator.register("v7: visit parent index (where recorded sessions through a page ended)") {
      db in try db.execute("CREATE INDEX IF NOT EXISTS visit_parent ON visit(parent_visit_id)")
    }
    migrator.register("v8: shared crawls (frontier claims, pages' action spaces, unique numbers)") {
      db in try shareCrawls(db)
    }
    migrator.register("v9: PostgreSQL's text search folds case as FTS5 and keeps its text size") {
      db in if db.engine == .postgresql { try db.execute(version9PostgreSQL) }
    }
    migrator.register("v10: crawl claims' last progress (m3m crawl --claims, --release-claims)") {
      db in try stampCrawlClaims(db)
    }
    migrator.register("v11: element text indexed by its writers at each commit (no trigger)") {
      db in
      // The index stays as it is: it holds every element written so far.
      if db.engine == .sqlite { try db.execute("DROP TRIGGER IF EXISTS \(elementTextTrigger)") }
    }
    return migrator
  }

  static let version1 = """
    CREATE TABLE app(
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      package TEXT
    );
    CREATE TABLE source(
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL,
      format TEXT NOT NULL,
      fingerprint TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL DEFAULT 'running',
      steps_done INTEGER NOT NULL DEFAULT 0,
      rejected INTEGER NOT NULL DEFAULT 0,
      started_at TEXT NOT NULL DEFAULT (datetime('now')),
      finished_at TEXT
    );
    CREATE TABLE page(
      id INTEGER PRIMARY KEY,
      app_id INTEGER NOT NULL REFERENCES app(id),
      name TEXT,
      line_set_hash INTEGER NOT NULL,
      line_hashes BLOB NOT NULL,
      html TEXT NOT NULL,
      xml_path TEXT,
      screenshot_path TEXT,
      screenshot_digest INTEGER,
      width INTEGER,
      height INTEGER
    );
    CREATE INDEX page_app ON page(app_id);
    CREATE INDEX page_name ON page(name);
    CREATE TABLE visit(
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES source(id),
      app_id INTEGER NOT NULL REFERENCES app(id),
      record TEXT NOT NULL,
      name TEXT,
      parent_visit_id INTEGER REFERENCES visit(id),
      depth INTEGER NOT NULL,
      page_id INTEGER NOT NULL REFERENCES page(id),
      matched_by TEXT NOT NULL,
      jaccard REAL,
      pixel_difference REAL,
      xml_path TEXT,
      xml_digest INTEGER,
      screenshot_path TEXT,
      screenshot_digest INTEGER,
      line_set_hash INTEGER NOT NULL,
      UNIQUE(source_id, record)
    );
    CREATE INDEX visit_page ON visit(page_id);
    CREATE INDEX visit_name ON visit(name);
    CREATE TABLE element(
      id INTEGER PRIMARY KEY,
      page_id INTEGER NOT NULL REFERENCES page(id),
      node_index INTEGER NOT NULL,
      class TEXT NOT NULL,
      text TEXT NOT NULL,
      content_desc TEXT NOT NULL,
      resource_id TEXT NOT NULL,
      x1 INTEGER, y1 INTEGER, x2 INTEGER, y2 INTEGER,
      clickable INTEGER NOT NULL,
      scrollable INTEGER NOT NULL,
      editable INTEGER NOT NULL,
      html_line TEXT,
      UNIQUE(page_id, node_index)
    );
    CREATE TABLE action(
      id INTEGER PRIMARY KEY,
      app_id INTEGER NOT NULL REFERENCES app(id),
      type TEXT NOT NULL,
      key TEXT NOT NULL,
      mobile3m TEXT,
      target TEXT,
      text TEXT,
      direction TEXT,
      UNIQUE(app_id, key)
    );
    CREATE TABLE visit_edge(
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES source(id),
      from_visit INTEGER NOT NULL REFERENCES visit(id),
      to_visit INTEGER NOT NULL REFERENCES visit(id),
      action_id INTEGER NOT NULL REFERENCES action(id),
      element_id INTEGER REFERENCES element(id),
      x INTEGER,
      y INTEGER,
      self_loop INTEGER NOT NULL,
      UNIQUE(from_visit, to_visit, action_id)
    );
    CREATE TABLE edge(
      from_page INTEGER NOT NULL REFERENCES page(id),
      action_id INTEGER NOT NULL REFERENCES action(id),
      to_page INTEGER NOT NULL REFERENCES page(id),
      element_id INTEGER REFERENCES element(id),
      count INTEGER NOT NULL,
      self_loop INTEGER NOT NULL,
      PRIMARY KEY(from_page, action_id, to_page)
    ) WITHOUT ROWID;
    CREATE INDEX edge_to ON edge(to_page);
    CREATE TABLE reject(
      id INTEGER PRIMARY KEY,
      source_id INTEGER REFERENCES source(id),
      file TEXT NOT NULL,
      record TEXT NOT NULL DEFAULT '',
      reason TEXT NOT NULL,
      UNIQUE(source_id, file, record)
    );
    """

  /// Full-text search over element text, content-desc and resource-id. The trigram tokenizer
  /// matches any substring of three characters or more, in any script (app text is often
  /// Chinese, which has no spaces to split words on); shorter queries fall back to a scan.
  /// Elements with none of the three are not indexed.
  static let version2 = """
    CREATE VIRTUAL TABLE element_text USING fts5(
      text, content_desc, resource_id, content = 'element', content_rowid = 'id',
      tokenize = 'trigram'
    );
    INSERT INTO element_text(rowid, text, content_desc, resource_id)
      SELECT id, text, content_desc, resource_id FROM element
      WHERE text <> '' OR content_desc <> '' OR resource_id <> '';
    CREATE TRIGGER element_text_insert AFTER INSERT ON element
      WHEN new.text <> '' OR new.content_desc <> '' OR new.resource_id <> ''
    BEGIN
      INSERT INTO element_text(rowid, text, content_desc, resource_id)
        VALUES (new.id, new.text, new.content_desc, new.resource_id);
    END;
    CREATE INDEX visit_launch ON visit(app_id, page_id) WHERE parent_visit_id IS NULL;
    """

  /// The trigger of ``version2`` that added each new element to the text index, row by row,
  /// until version 11: since then the writers add a transaction's elements at its commit
  /// (`Database+ElementText`).
  static let elementTextTrigger = "element_text_insert"

  /// Text search on PostgreSQL: trigram indexes (`pg_trgm`) over the lower-cased element text,
  /// content-desc and resource-id, which serve the `LIKE '%…%'` of ``Database/search(_:limit:)``
  /// (Chinese text is indexed where the database's character type is UTF-8, as `C.UTF-8`;
  /// under the `C` character type `pg_trgm` skips it, and the same queries scan), and b-tree
  /// indexes for looking pages up by exact text.
  static let version2PostgreSQL = """
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX element_text_trigram ON element USING gin (lower(text) gin_trgm_ops);
    CREATE INDEX element_content_desc_trigram ON element
      USING gin (lower(content_desc) gin_trgm_ops);
    CREATE INDEX element_resource_id_trigram ON element
      USING gin (lower(resource_id) gin_trgm_ops);
    CREATE INDEX element_text_value ON element(text);
    CREATE INDEX element_content_desc_value ON element(content_desc);
    CREATE INDEX visit_launch ON visit(app_id, page_id) WHERE parent_visit_id IS NULL;
    """

  /// What PostgreSQL's text search needs to answer as FTS5 does at any size (nothing on SQLite,
  /// whose FTS5 index has it): the trigram indexes over text folded as FTS5 folds it
  /// (``TextFolding``: `É` as `é`, Cyrillic and Greek too, not only A–Z), and the number of
  /// indexed elements with their total length in trigrams, kept by a trigger on each insert
  /// statement, for BM25's average length (reading the whole table for it would make every
  /// search as slow as the graph is large).
  static var version9PostgreSQL: String {
    let indexed = "text <> '' OR content_desc <> '' OR resource_id <> ''"
    let size =
      "\(Database.trigramCount("text")) + \(Database.trigramCount("content_desc"))"
      + " + \(Database.trigramCount("resource_id"))"
    return TextFolding.postgresFunction
      + """
      DROP INDEX element_text_trigram;
      DROP INDEX element_content_desc_trigram;
      DROP INDEX element_resource_id_trigram;
      CREATE INDEX element_text_trigram ON element USING gin (m3m_fold(text) gin_trgm_ops);
      CREATE INDEX element_content_desc_trigram ON element
        USING gin (m3m_fold(content_desc) gin_trgm_ops);
      CREATE INDEX element_resource_id_trigram ON element
        USING gin (m3m_fold(resource_id) gin_trgm_ops);
      CREATE TABLE element_text_size(elements BIGINT NOT NULL, trigrams BIGINT NOT NULL);
      INSERT INTO element_text_size
        SELECT count(*), coalesce(sum(\(size)), 0) FROM element WHERE \(indexed);
      CREATE FUNCTION m3m_count_element_text() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE element_text_size
            SET elements = element_text_size.elements + added.elements,
              trigrams = element_text_size.trigrams + added.trigrams
            FROM (SELECT count(*) AS elements, coalesce(sum(\(size)), 0) AS trigrams
                  FROM new_element WHERE \(indexed)) added
            WHERE added.elements > 0;
          RETURN NULL;
        END $$;
      CREATE TRIGGER element_text_size_insert AFTER INSERT ON element
        REFERENCING NEW TABLE AS new_element
        FOR EACH STATEMENT EXECUTE FUNCTION m3m_count_element_text();
      """
  }

  /// Live ingest sessions (`POST /v1/sessions`): each records into a source of its own; each
  /// step it was sent is kept with the answer given, so a retried step gets the same answer and
  /// adds nothing. `visit_id` is NULL for a step that was rejected (the reason is in `reject`).
  static let version5 = """
    CREATE TABLE IF NOT EXISTS ingest_session(
      id TEXT PRIMARY KEY,
      source_id INTEGER NOT NULL UNIQUE REFERENCES source(id),
      app TEXT,
      created_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE IF NOT EXISTS ingest_session_step(
      session_id TEXT NOT NULL REFERENCES ingest_session(id),
      step TEXT NOT NULL,
      visit_id INTEGER REFERENCES visit(id),
      page_id INTEGER REFERENCES page(id),
      new_page INTEGER NOT NULL,
      PRIMARY KEY(session_id, step)
    ) WITHOUT ROWID;
    """
}
