import Testing

@testable import Storage

@Suite struct SQLScriptTests {
    @Test func splitsOnlyOnStatementSemicolons() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE a (note TEXT DEFAULT 'x; y', "odd;name" INT);
            /* block; /* nested; */ still comment; */
            CREATE FUNCTION f() RETURNS trigger AS $$
            BEGIN
                NEW.x := 'it''s; fine';
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            SELECT E'back\\'slash; here', $tag$ $$ ; $tag$;
            """
        let statements = SQLScript.statements(sql)
        #expect(statements.count == 3)
        #expect(statements[0].hasPrefix("CREATE TABLE a"))
        #expect(statements[0].contains("'x; y'"))
        #expect(statements[1].contains("RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql"))
        #expect(statements[2].hasSuffix("$tag$ $$ ; $tag$"))
    }

    @Test func ignoresEmptyStatementsAndTrailingComments() {
        #expect(SQLScript.statements(";;  \n-- only a comment\n").isEmpty)
        #expect(SQLScript.statements("SELECT 1;\n-- end").count == 1)
    }

    @Test func checksumsAreSHA256InLowerCaseHex() {
        #expect(MigrationRunner.checksum("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MigrationRunner.checksum("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = String(repeating: "a", count: 1_000)
        #expect(MigrationRunner.checksum(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
