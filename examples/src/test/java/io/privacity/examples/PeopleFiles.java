package io.privacity.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The small test input of the anonymize tests: 60 people (name;age;zip;disease, ';'-separated), an
 * ARX-format zip hierarchy (3 levels above the value) and an age hierarchy (5-year, 20-year bands,
 * '*').
 *
 * @param input people.csv
 * @param zipHierarchy zip.csv
 * @param ageHierarchy age.csv
 */
record PeopleFiles(Path input, Path zipHierarchy, Path ageHierarchy) {
  /** Options for the optimal search on age and zip, disease sensitive, with this k. */
  List<String> optimalOptions(String k) {
    return List.of(
        "--qi",
        "age=" + ageHierarchy,
        "--qi",
        "zip=" + zipHierarchy,
        "--sensitive",
        "disease",
        "--k",
        k);
  }

  static PeopleFiles writeTo(Path dir) throws IOException {
    Path input = dir.resolve("people.csv");
    List<String> lines = new ArrayList<>();
    lines.add("name;age;zip;disease");
    String[] zips = {"94107", "94109", "94110", "94111", "95113", "95112"};
    String[] diseases = {"flu", "cold", "asthma", "cancer"};
    for (int i = 0; i < 60; i++) {
      lines.add(
          "p" + i + ";" + (20 + (i * 7) % 50) + ";" + zips[(i * 5) % 6] + ";" + diseases[i % 4]);
    }
    Files.write(input, lines);
    Path zip = dir.resolve("zip.csv");
    Files.write(
        zip,
        List.of(
            "94107;9410*;941**;*",
            "94109;9410*;941**;*",
            "94110;9411*;941**;*",
            "94111;9411*;941**;*",
            "95113;9511*;951**;*",
            "95112;9511*;951**;*"));
    Path age = dir.resolve("age.csv");
    List<String> rows = new ArrayList<>();
    for (int a = 0; a < 100; a++) {
      int lo5 = a / 5 * 5;
      int lo20 = a / 20 * 20;
      rows.add(a + ";" + lo5 + "-" + (lo5 + 4) + ";" + lo20 + "-" + (lo20 + 19) + ";*");
    }
    Files.write(age, rows);
    return new PeopleFiles(input, zip, age);
  }
}
