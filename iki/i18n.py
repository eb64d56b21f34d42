"""Messages in English (default) and Bahasa Indonesia, for the summaries, errors and report.html.

The language is chosen by ``--lang en|id`` on the command line, else by the ``IKI_LANG``
environment variable, else English. Code never writes user-facing text inline: it calls
``t("key", **fields)`` and the catalogue below holds both languages, so a missing translation
is caught by the tests (``tests/test_i18n.py`` checks both languages have every key and the
same ``{fields}``).

Only the words around the data are translated; the data (jabatan, indicators, file names) and
the stable codes (``status`` values, warning codes) are never translated.
"""
from __future__ import annotations

import os
import string

LANGS = ("en", "id")

# key → {lang: text}; text may hold str.format fields. Numbers are formatted for the language:
# in Indonesian the decimal mark is a comma and the thousands separator a full stop (0,93; 4.000).
MESSAGES: dict[str, dict[str, str]] = {
    # ---- iki extract: summary and errors
    "documents_read": {"en": "{n} document(s) in {seconds:.1f} s → {out}",
                       "id": "{n} dokumen dalam {seconds:.1f} detik → {out}"},
    # --- iki extract: progress and summary (stderr)
    "from_cache": {"en": " ({n} from the cache)", "id": " ({n} dari cache)"},
    "file_line": {"en": "[{i}/{n}] {path}: {status}, {positions} positions, {indicators} indicators, {seconds:.1f} s",
                  "id": "[{i}/{n}] {path}: {status}, {positions} jabatan, {indicators} indikator, {seconds:.1f} dtk"},
    "file_line_cached": {"en": "[{i}/{n}] {path}: {status}, {positions} positions, {indicators} indicators (cache)",
                         "id": "[{i}/{n}] {path}: {status}, {positions} jabatan, {indicators} indikator (cache)"},
    "progress_start": {"en": "reading {n} file(s){details} with {jobs} job(s)",
                       "id": "membaca {n} berkas{details} dengan {jobs} proses"},
    "progress_pages": {"en": "{pages} pages in {pdfs} PDF(s)", "id": "{pages} halaman dalam {pdfs} PDF"},
    "progress_cached": {"en": "{n} from the cache", "id": "{n} dari cache"},
    "progress_elapsed": {"en": " · {elapsed} elapsed", "id": " · {elapsed} berlalu"},
    "progress_eta": {"en": " · {elapsed} elapsed, about {eta} left", "id": " · {elapsed} berlalu, sisa sekitar {eta}"},
    "progress_still": {"en": "still reading {path} ({so_far} so far{others}); {done}/{n} file(s) done",
                       "id": "masih membaca {path} ({so_far} sejauh ini{others}); {done}/{n} berkas selesai"},
    "progress_others": {"en": ", and {n} other file(s)", "id": ", dan {n} berkas lain"},
    "summary_no_year": {"en": "{n} of {total} positions, in {files} file(s) (warning year_missing): name the year "
                              "in the file or folder name (IKI 2021.docx, 2021/...) or give --year",
                        "id": "{n} dari {total} jabatan, dalam {files} berkas (peringatan year_missing): tulis "
                              "tahunnya di nama berkas atau folder (IKI 2021.docx, 2021/...) atau berikan --year"},
    "label_no_year": {"en": "no year", "id": "tanpa tahun"},
    "label_corrected": {"en": "corrected", "id": "dikoreksi"},
    "summary_status": {"en": "status      {counts}", "id": "status      {counts}"},
    "summary_positions": {"en": "positions   {n}", "id": "jabatan     {n}"},
    "summary_duties": {"en": "duties      {n}", "id": "tugas/fungsi {n}"},
    "summary_indicators": {"en": "indicators  {n}", "id": "indikator   {n}"},
    "summary_warnings": {"en": "warnings    {n} (see the warnings columns)",
                         "id": "peringatan  {n} (lihat kolom warnings)"},
    "summary_skipped": {"en": "skipped     {counts}", "id": "dilewati    {counts}"},
    "cache_ignored": {"en": "ignored {n} damaged or foreign cache entr(ies) in .iki-cache; those files were read again",
                      "id": "{n} entri cache yang rusak atau asing di .iki-cache diabaikan; berkasnya dibaca ulang"},
    "did_you_mean": {"en": ' Did you mean "{name}"?', "id": ' Mungkin maksud Anda "{name}"?'},
    "waiting_lock": {"en": "waiting for another iki run on {out} to finish (pid {pid})",
                     "id": "menunggu proses iki lain pada {out} selesai (pid {pid})"},
    # --- errors (one line on stderr)
    "err_missing_path": {"en": "no such file or folder: {paths}", "id": "berkas atau folder tidak ada: {paths}"},
    "err_output_is_file": {"en": "-o {out} is a file, not a folder: give a folder for the output",
                           "id": "-o {out} adalah berkas, bukan folder: berikan folder untuk keluaran"},
    "err_no_files": {"en": "no files found in {paths}", "id": "tidak ada berkas di {paths}"},
    "err_not_output": {"en": "{out} is not an `iki extract` output folder (no documents.parquet ...)",
                       "id": "{out} bukan folder keluaran `iki extract` (tidak ada documents.parquet ...)"},
    "err_not_integer": {"en": "{value!r} is not a whole number", "id": "{value!r} bukan bilangan bulat"},
    "err_not_number": {"en": "{value!r} is not a number", "id": "{value!r} bukan angka"},
    "err_at_least_one": {"en": "must be at least 1, not {value}", "id": "minimal 1, bukan {value}"},
    "err_negative": {"en": "must not be negative, not {value}", "id": "tidak boleh negatif, bukan {value}"},
    "err_not_year": {"en": "{value} is not a year iki can record (give one from {first} to {last})",
                     "id": "{value} bukan tahun yang dapat dicatat iki (berikan tahun {first} sampai {last})"},
    "err_too_large": {"en": "{value} is too large (at most {limit})", "id": "{value} terlalu besar (paling banyak {limit})"},
    "err_output_is_input": {"en": "-o {out} is the folder being read: iki would read its own tables as documents; "
                                  "give another output folder",
                            "id": "-o {out} adalah folder yang dibaca: iki akan membaca tabelnya sendiri sebagai "
                                  "dokumen; berikan folder keluaran lain"},
    "err_only_output": {"en": "no documents in {paths}: only iki output folders, which are never read as input",
                        "id": "tidak ada dokumen di {paths}: hanya folder keluaran iki, yang tidak pernah dibaca "
                              "sebagai masukan"},
    "hashing": {"en": "reading {path} ({gb:.1f} GB) to identify it (within --timeout)",
                "id": "membaca {path} ({gb:.1f} GB) untuk mengenalinya (dalam batas --timeout)"},
    "unsafe_output": {"en": "stopped: {path} is {what}, which iki did not make; nothing was changed. Remove it (iki "
                            "makes its own) or give another output folder",
                      "id": "berhenti: {path} adalah {what}, yang tidak dibuat iki; tidak ada yang diubah. Hapus "
                            "(iki membuatnya sendiri) atau berikan folder keluaran lain"},
    "table_damaged": {"en": "the table {table} cannot be read ({reason}); {remedy}",
                      "id": "tabel {table} tidak dapat dibaca ({reason}); {remedy}"},
    "remedy_extract": {"en": "run iki extract on that folder again with --force to write it anew",
                       "id": "jalankan lagi iki extract pada folder itu dengan --force untuk menulisnya ulang"},
    "remedy_rerun": {"en": "run the command that wrote it (iki diff ...) again",
                     "id": "jalankan lagi perintah yang menulisnya (iki diff ...)"},
    "output_changed": {"en": "another run was published in {out} while it was read: what was read is one complete "
                             "run ({generation}); run the command again for the newer one",
                       "id": "proses lain diterbitkan di {out} saat dibaca: yang dibaca adalah satu proses utuh "
                             "({generation}); jalankan perintah lagi untuk yang lebih baru"},
    "env_cannot_create": {"en": "cannot create the output folder {out}: {reason}",
                          "id": "tidak dapat membuat folder keluaran {out}: {reason}"},
    "env_error": {"en": "stopped: {reason}; the previous output in {out} is kept",
                  "id": "berhenti: {reason}; keluaran sebelumnya di {out} tetap utuh"},
    "interrupted": {"en": "interrupted; the previous output is kept and finished files are cached: run the same "
                          "command again to go on",
                    "id": "dihentikan; keluaran sebelumnya tetap utuh dan berkas yang selesai tersimpan di cache: "
                          "jalankan perintah yang sama lagi untuk melanjutkan"},
    "internal_error": {"en": "internal error (a fault of iki, please report it): {error}",
                       "id": "kesalahan internal (kesalahan iki, mohon laporkan): {error}"},
    "label_status": {"en": "status", "id": "status"},
    "label_positions": {"en": "positions", "id": "jabatan"},
    "label_duties": {"en": "duties", "id": "butir tugas"},
    "label_indicators": {"en": "indicators", "id": "indikator"},
    "label_warnings": {"en": "warnings", "id": "peringatan"},
    "warnings_hint": {"en": "{n} (see the warnings columns)", "id": "{n} (lihat kolom warnings)"},
    "no_files": {"en": "iki: no files found in {paths}", "id": "iki: tidak ada berkas yang ditemukan di {paths}"},
    # documents.status values as words (the codes themselves stay in the tables)
    "doc_status_ok": {"en": "ok", "id": "berhasil"},
    "doc_status_no_iki_found": {"en": "no IKI found", "id": "tidak ada IKI"},
    "doc_status_error": {"en": "error", "id": "gagal dibaca"},
    "doc_status_timeout": {"en": "timeout", "id": "melewati batas waktu"},
    "doc_status_unsupported": {"en": "unsupported", "id": "format tidak didukung"},
    # ---- iki diff: errors and summary
    "diff_outputs": {"en": "iki diff: give one output folder (with --from and --to) or two (OLD_OUT NEW_OUT)",
                     "id": "iki diff: berikan satu folder keluaran (dengan --from dan --to) atau dua "
                           "(OLD_OUT NEW_OUT)"},
    "diff_need_years": {"en": "with one output folder give --from YEAR and --to YEAR; {out} holds {years}",
                        "id": "dengan satu folder keluaran berikan --from TAHUN dan --to TAHUN; {out} berisi {years}"},
    "diff_same_year": {"en": "--from and --to are both {year}: nothing to compare",
                       "id": "--from dan --to sama-sama {year}: tidak ada yang dibandingkan"},
    "diff_error": {"en": "iki diff: {message}", "id": "iki diff: {message}"},
    "diff_written": {"en": "→ {out}/position_changes.parquet, indicator_changes.parquet, field_changes.parquet, "
                           "{report} ({seconds:.1f} s)",
                     "id": "→ {out}/position_changes.parquet, indicator_changes.parquet, field_changes.parquet, "
                           "{report} ({seconds:.1f} detik)"},
    "diff_no_folder": {"en": "{out}: no such folder (give the -o folder of `iki extract`)",
                       "id": "{out}: folder tidak ada (berikan folder -o dari `iki extract`)"},
    "diff_tables_missing": {"en": "{out}: {files} missing — is this an `iki extract` output folder?",
                            "id": "{out}: {files} tidak ada — apakah ini folder keluaran `iki extract`?"},
    "diff_no_region": {"en": "{source}: no positions in region {region!r} (regions present: {present}; set it at "
                             "extraction with `iki extract ... --region \"{region}\"`)",
                       "id": "{source}: tidak ada jabatan di wilayah {region!r} (wilayah yang ada: {present}; "
                             "tetapkan saat ekstraksi dengan `iki extract ... --region \"{region}\"`)"},
    "diff_no_agency": {"en": "{source}: no positions of agency {agency!r} (agencies present: {present})",
                       "id": "{source}: tidak ada jabatan dari perangkat daerah {agency!r} (perangkat daerah yang "
                             "ada: {present})"},
    "diff_no_year": {"en": "{source}: no positions of year {year} ({flag} {year}); years present: {present}. A "
                           "position's year is the year marker before it in its document, else the year in its "
                           "file or folder name, else `iki extract FILES --year {year} -o OUT`.",
                     "id": "{source}: tidak ada jabatan tahun {year} ({flag} {year}); tahun yang ada: {present}. "
                           "Tahun sebuah jabatan adalah penanda tahun sebelum jabatan itu di dokumennya, atau tahun "
                           "di nama berkas atau foldernya, atau `iki extract FILES --year {year} -o OUT`."},
    "diff_several_years": {"en": "{source} holds positions of several years: {present}; choose one with {flag} YEAR",
                           "id": "{source} berisi jabatan dari beberapa tahun: {present}; pilih satu dengan "
                                 "{flag} TAHUN"},
    "diff_nothing": {"en": "{source}: no positions to compare", "id": "{source}: tidak ada jabatan untuk dibandingkan"},
    "diff_no_year_note": {"en": "{source}: {n} position(s) have no year and cannot be picked by --from / --to: "
                                "neither their document nor its file or folder name states one ({files}); name the "
                                "year in the file or folder name (IKI 2021.docx, 2021/...) or give "
                                "`iki extract ... --year`",
                          "id": "{source}: {n} jabatan tanpa tahun dan tidak dapat dipilih dengan --from / --to: "
                                "dokumennya maupun nama berkas atau foldernya tidak menyebut tahun ({files}); tulis "
                                "tahunnya di nama berkas atau folder (IKI 2021.docx, 2021/...) atau berikan "
                                "`iki extract ... --year`"},
    "positions_of": {"en": "positions of {years}", "id": "jabatan tahun {years}"},
    "year_positions": {"en": "{year} ({n} positions)", "id": "{year} ({n} jabatan)"},
    "no_year_positions": {"en": "no year ({n} positions)", "id": "tanpa tahun ({n} jabatan)"},
    "none_present": {"en": "none", "id": "tidak ada"},
    "side_counts": {"en": "{label} ({positions} positions, {indicators} indicators)",
                    "id": "{label} ({positions} jabatan, {indicators} indikator)"},
    "rep_side_counts": {"en": "({positions} positions, {indicators} indicators)",
                        "id": "({positions} jabatan, {indicators} indikator)"},
    "year_unknown": {"en": "year unknown", "id": "tahun tidak diketahui"},
    "more_see_report": {"en": "… {n} more (see report.html)", "id": "… {n} lainnya (lihat report.html)"},
    "fields_changed": {"en": "{fields} changed", "id": "{fields} berubah"},
    # position_changes / indicator_changes status values as words
    "st_unchanged": {"en": "unchanged", "id": "tidak berubah"},
    "st_changed": {"en": "changed", "id": "berubah"},
    "st_renamed": {"en": "renamed", "id": "berganti nama"},
    "st_added": {"en": "added", "id": "ditambahkan"},
    "st_removed": {"en": "removed", "id": "dihapus"},
    "st_reworded": {"en": "reworded", "id": "redaksi diubah"},
    "st_formula_changed": {"en": "formula changed", "id": "formula berubah"},
    "st_source_changed": {"en": "source changed", "id": "sumber data berubah"},
    "st_target_changed": {"en": "target changed", "id": "target berubah"},
    "st_split": {"en": "split", "id": "dipecah"},
    "st_merged": {"en": "merged", "id": "digabung"},
    # changed_fields values as words
    "field_jabatan": {"en": "jabatan", "id": "jabatan"},
    "field_tugas": {"en": "tugas", "id": "tugas"},
    "field_fungsi": {"en": "fungsi", "id": "fungsi"},
    "field_butir_kegiatan": {"en": "butir kegiatan", "id": "butir kegiatan"},
    "field_hasil_kerja": {"en": "hasil kerja", "id": "hasil kerja"},
    "field_program": {"en": "program", "id": "program"},
    "field_indicators": {"en": "indicators", "id": "indikator"},
    "field_indikator": {"en": "indikator", "id": "indikator"},
    "field_sasaran": {"en": "sasaran", "id": "sasaran"},
    "field_penjelasan": {"en": "penjelasan", "id": "penjelasan"},
    "field_satuan": {"en": "satuan", "id": "satuan"},
    "field_sumber_data": {"en": "sumber data", "id": "sumber data"},
    "field_penanggung_jawab": {"en": "penanggung jawab", "id": "penanggung jawab"},
    "field_target_raw": {"en": "target", "id": "target"},
    "field_formula_raw": {"en": "formula", "id": "formula"},
    "field_formula_canonical": {"en": "formula", "id": "formula"},
    "field_formula_type": {"en": "formula type", "id": "jenis formula"},
    "field_numerator": {"en": "numerator", "id": "pembilang"},
    "field_denominator": {"en": "denominator", "id": "penyebut"},
    "field_multiplier": {"en": "multiplier", "id": "pengali"},
    "field_unit": {"en": "unit", "id": "satuan hasil"},
    "field_target_value": {"en": "target value", "id": "nilai target"},
    "field_target_unit": {"en": "target unit", "id": "satuan target"},
    # position_changes.note (stored in English; the report shows it in the reader's language)
    "note_merged_into": {"en": "possibly merged into {title}, which is matched with {partner}: that position gained "
                               "words of these duties and indicators ({words})",
                         "id": "kemungkinan digabung ke {title}, yang dipasangkan dengan {partner}: jabatan itu "
                               "mendapat kata-kata dari tugas dan indikator ini ({words})"},
    "note_split_from": {"en": "possibly split from {title}, which is matched with {partner}: these duties and "
                              "indicators use words that position lost ({words})",
                        "id": "kemungkinan pecahan dari {title}, yang dipasangkan dengan {partner}: tugas dan "
                              "indikator ini memakai kata-kata yang hilang dari jabatan itu ({words})"},
    "note_merger": {"en": "possibly a merger: it took over duties and indicators of the removed {title} ({words})",
                    "id": "kemungkinan penggabungan: mengambil alih tugas dan indikator dari {title} yang dihapus "
                          "({words})"},
    "note_split": {"en": "possibly a split: duties and indicators of it went to the added {title} ({words})",
                   "id": "kemungkinan pemecahan: tugas dan indikatornya pindah ke {title} yang ditambahkan "
                         "({words})"},
    "note_closest_new": {"en": "closest new position: {title} ({score}); {why}",
                         "id": "jabatan baru terdekat: {title} ({score}); {why}"},
    "note_closest_old": {"en": "closest old position: {title} ({score}); {why}",
                         "id": "jabatan lama terdekat: {title} ({score}); {why}"},
    "note_why_rank": {"en": "a head-of-unit and a staff position are not paired",
                      "id": "jabatan pimpinan unit dan jabatan pelaksana tidak dipasangkan"},
    "note_why_taken": {"en": "it is matched with another position",
                       "id": "jabatan itu sudah dipasangkan dengan jabatan lain"},
    "note_why_score": {"en": "too little alike", "id": "kemiripannya terlalu rendah"},
    "note_why_evidence": {"en": "too little evidence from duties and indicators",
                          "id": "terlalu sedikit bukti dari tugas dan indikator"},
    # ---- report.html
    "rep_heading": {"en": "IKI changes", "id": "Perubahan IKI"},
    "rep_sources": {"en": "Sources: {old} → {new}. Generated by iki {version} ({command}). Positions are matched "
                          "by title, duties and indicators; indicators within matched positions by text. "
                          "Highlights: {only_old} {only_new}.",
                    "id": "Sumber: {old} → {new}. Dibuat oleh iki {version} ({command}). Jabatan dipasangkan "
                          "menurut nama jabatan, tugas dan indikatornya; indikator di dalam pasangan jabatan "
                          "menurut teksnya. Penanda: {only_old} {only_new}."},
    "rep_only_old": {"en": "only in the old", "id": "hanya di yang lama"},
    "rep_only_new": {"en": "only in the new", "id": "hanya di yang baru"},
    "rep_summary": {"en": "Summary", "id": "Ringkasan"},
    "rep_positions": {"en": "positions", "id": "jabatan"},
    "rep_indicators": {"en": "indicators", "id": "indikator"},
    "rep_total": {"en": "total", "id": "jumlah"},
    "rep_code": {"en": "code", "id": "kode"},
    "rep_counts_note": {"en": "Indicator counts are rows of {table}: a split gives one row per new piece, a merge "
                              "one per old part; indicators of added and removed positions count as added and "
                              "removed. The code is the status value in the Parquet tables.",
                        "id": "Jumlah indikator adalah jumlah baris {table}: indikator yang dipecah dihitung satu "
                              "baris per pecahan baru, yang digabung satu baris per bagian lama; indikator dari "
                              "jabatan yang ditambahkan atau dihapus dihitung sebagai ditambahkan atau dihapus. "
                              "Kode adalah nilai status di tabel Parquet."},
    "rep_positions_heading": {"en": "Positions", "id": "Jabatan"},
    "rep_old": {"en": "old", "id": "lama"},
    "rep_new": {"en": "new", "id": "baru"},
    "rep_similarity": {"en": "similarity", "id": "kemiripan"},
    "rep_indicator_changes": {"en": "indicator changes", "id": "perubahan indikator"},
    "rep_section_changed": {"en": "Changed and renamed", "id": "Berubah dan berganti nama"},
    "rep_section_removed": {"en": "Removed", "id": "Dihapus"},
    "rep_section_added": {"en": "Added", "id": "Ditambahkan"},
    "rep_section_unchanged": {"en": "Unchanged", "id": "Tidak berubah"},
    "rep_show": {"en": "show", "id": "tampilkan"},
    "rep_iku_table": {"en": "IKU (agency-level table)", "id": "IKU (tabel tingkat perangkat daerah)"},
    "rep_similarity_detail": {"en": "similarity {total} (title {title}, duties {duties}, indicators {indicators})",
                              "id": "kemiripan {total} (nama jabatan {title}, tugas {duties}, indikator {indicators})"},
    "rep_changed_fields": {"en": "changed: {fields}", "id": "berubah: {fields}"},
    "rep_duties_items": {"en": "Duties ({n} items)", "id": "Tugas ({n} butir)"},
    "rep_duties_unchanged": {"en": "Duties unchanged ({n} items).", "id": "Tugas tidak berubah ({n} butir)."},
    "rep_duties_changed": {"en": "Duties changed: {counts} ({sections})", "id": "Tugas berubah: {counts} ({sections})"},
    "rep_section": {"en": "section", "id": "bagian"},
    "rep_indicators_heading": {"en": "Indicators: {counts}", "id": "Indikator: {counts}"},
    "rep_no_indicators": {"en": "No indicators on either side.", "id": "Tidak ada indikator di kedua sisi."},
    "rep_formula_unchanged": {"en": "(unchanged)", "id": "(tidak berubah)"},
    "rep_similarity_value": {"en": "(similarity {value})", "id": "(kemiripan {value})"},
    "rep_sasaran_heading": {"en": "Sasaran reworded", "id": "Redaksi sasaran diubah"},
    "rep_sasaran_n": {"en": "sasaran ({n} indicators)", "id": "sasaran ({n} indikator)"},
    "rep_sasaran_above": {"en": "reworded, shown above for all indicators that share it",
                          "id": "redaksi diubah, ditampilkan di atas untuk semua indikator yang memakainya"},
    "rep_unchanged_indicators": {"en": "{n} unchanged indicator(s)", "id": "{n} indikator tidak berubah"},
    "rep_fields_changed": {"en": "changed fields", "id": "isian yang berubah"},
    "rep_fields_note": {"en": "Every changed field is a row of {table} (level, field, old, new), to filter without "
                              "unzipping lists.",
                        "id": "Setiap isian yang berubah adalah satu baris {table} (level, field, old, new), untuk "
                              "disaring tanpa membongkar daftar."},
    "rep_filter_positions": {"en": "Positions:", "id": "Jabatan:"},
    "rep_filter_indicators": {"en": "Indicators:", "id": "Indikator:"},
    "rep_open_all": {"en": "open all", "id": "buka semua"},
    "rep_close_all": {"en": "fold all", "id": "tutup semua"},
    "rep_split_head": {"en": "one indicator became {n}", "id": "satu indikator menjadi {n}"},
    "rep_merged_head": {"en": "{n} indicators became one", "id": "{n} indikator menjadi satu"},
    # ---- iki export
    "export_written": {"en": "{n} table(s) → {target}", "id": "{n} tabel → {target}"},
    "export_table_rows": {"en": "  {table:<18} {rows} row(s)", "id": "  {table:<18} {rows} baris"},
    "export_sheet_split": {"en": "iki export: warning: {table} has {rows} rows, more than an Excel sheet holds "
                                 "({limit}); it continues on {sheets} sheets ({table} (2), ...)",
                           "id": "iki export: peringatan: {table} berisi {rows} baris, lebih dari yang muat di satu "
                                 "sheet Excel ({limit}); dilanjutkan di {sheets} sheet ({table} (2), ...)"},
    "export_cells_cut": {"en": "iki export: warning: {n} cell(s) of {table} are longer than Excel allows ({limit} "
                               "characters) and were cut (marked \"[cut: ...]\"); the CSV, JSON and Parquet files "
                               "keep the full text",
                         "id": "iki export: peringatan: {n} sel di {table} lebih panjang dari batas Excel ({limit} "
                               "karakter) dan dipotong (ditandai \"[cut: ...]\"); berkas CSV, JSON dan Parquet "
                               "menyimpan teks lengkapnya"},
    "export_chars_replaced": {"en": "iki export: warning: {n} cell(s) of {table} held control characters Excel "
                                    "cannot store; they were replaced by \uFFFD",
                              "id": "iki export: peringatan: {n} sel di {table} berisi karakter kontrol yang tidak "
                                    "dapat disimpan Excel; karakter itu diganti dengan \uFFFD"},
    "export_error": {"en": "iki export: {message}", "id": "iki export: {message}"},
    "export_no_folder": {"en": "not a folder: {path}", "id": "bukan folder: {path}"},
    "export_no_tables": {"en": "no Parquet tables in {path} (run iki extract or iki diff first)",
                         "id": "tidak ada tabel Parquet di {path} (jalankan iki extract atau iki diff dahulu)"},
    "export_out_is_file": {"en": "-o {path} is a file; give a folder", "id": "-o {path} adalah berkas; berikan folder"},
    # ---- iki show
    "show_no_file": {"en": "iki show: {path}: no such file", "id": "iki show: {path}: berkas tidak ada"},
    "show_is_folder": {"en": "iki show: {path} is a folder; give one file (iki extract reads folders)",
                       "id": "iki show: {path} adalah folder; berikan satu berkas (iki extract membaca folder)"},
    "show_format": {"en": "format", "id": "format"},
    "show_region": {"en": "region", "id": "wilayah"},
    "show_agency": {"en": "agency", "id": "perangkat daerah"},
    "show_year": {"en": "year", "id": "tahun"},
    "show_pages": {"en": "pages", "id": "halaman"},
    "show_ocr_pages": {"en": "pages read by OCR", "id": "halaman dibaca dengan OCR"},
    "show_error": {"en": "error", "id": "kesalahan"},
    "show_found": {"en": "{positions} position(s), {duties} duty item(s), {indicators} indicator(s)",
                   "id": "{positions} jabatan, {duties} butir tugas, {indicators} indikator"},
    "show_warning": {"en": "warning", "id": "peringatan"},
    "show_page": {"en": "page {n}", "id": "halaman {n}"},
    "show_line": {"en": "line {n}", "id": "baris {n}"},
    "show_no_jabatan": {"en": "(no jabatan)", "id": "(tanpa jabatan)"},
    "show_instansi": {"en": "instansi", "id": "instansi"},
    "show_program": {"en": "program", "id": "program"},
    "show_indicators": {"en": "indicators", "id": "indikator"},
    "show_sasaran": {"en": "sasaran", "id": "sasaran"},
    "show_formula": {"en": "formula", "id": "formula"},
    "show_written": {"en": "as written", "id": "tertulis"},
    "show_penjelasan": {"en": "penjelasan", "id": "penjelasan"},
    "show_target": {"en": "target", "id": "target"},
    "show_satuan": {"en": "satuan", "id": "satuan"},
    "show_sumber_data": {"en": "sumber data", "id": "sumber data"},
    "show_penanggung_jawab": {"en": "penanggung jawab", "id": "penanggung jawab"},
    "show_ocr_confidence": {"en": "OCR confidence", "id": "tingkat keyakinan OCR"},
    "show_none": {"en": "none", "id": "tidak ada"},
    "formula_ratio": {"en": "ratio", "id": "rasio"},
    "formula_count": {"en": "count", "id": "jumlah"},
    "formula_index": {"en": "index", "id": "indeks"},
    "formula_other": {"en": "other", "id": "lainnya"},
    "formula_none": {"en": "no formula", "id": "tanpa formula"},
    "count_of": {"en": "Σ {what}", "id": "Σ {what}"},
    "section_tugas": {"en": "TUGAS", "id": "TUGAS"},
    "section_fungsi": {"en": "FUNGSI", "id": "FUNGSI"},
    "section_butir_kegiatan": {"en": "Butir Kegiatan", "id": "Butir Kegiatan"},
    "section_hasil_kerja": {"en": "Hasil Kerja", "id": "Hasil Kerja"},
    # ---- command line
    "lang_unknown": {"en": "iki: unknown language {lang!r}: use en or id",
                     "id": "iki: bahasa {lang!r} tidak dikenal: gunakan en atau id"},
    # errors the readers raise as codes with facts (extractors.readers.ReadError), worded here:
    # reading office formats through LibreOffice (extractors/readers/office.py)
    "office_missing": {
        "en": "reading a {kind} file needs LibreOffice to convert it to {target} (install it: apt-get install "
              "{package}), or save the file as {target}",
        "id": "membaca berkas {kind} memerlukan LibreOffice untuk mengubahnya ke {target} (pasang: apt-get install "
              "{package}), atau simpan berkas sebagai {target}"},
    "office_component_missing": {
        "en": "reading a {kind} file needs LibreOffice {part}, which is not installed (LibreOffice is, with: "
              "{present}): apt-get install {package}, or save the file as {target}",
        "id": "membaca berkas {kind} memerlukan LibreOffice {part}, yang belum terpasang (LibreOffice terpasang, "
              "dengan: {present}): apt-get install {package}, atau simpan berkas sebagai {target}"},
    "office_timeout": {"en": "LibreOffice did not finish converting this {kind} file within {seconds} s",
                       "id": "LibreOffice tidak selesai mengubah berkas {kind} ini dalam {seconds} dtk"},
    "office_failed": {"en": "LibreOffice could not convert this {kind} file ({detail})",
                      "id": "LibreOffice tidak dapat mengubah berkas {kind} ini ({detail})"},
    # workbooks (extractors/readers/xlsx.py)
    "xlsx_unreadable": {"en": "not a readable Excel workbook ({detail})",
                        "id": "bukan buku kerja Excel yang dapat dibaca ({detail})"},
    "xlsx_too_large": {"en": "the workbook is too large to read ({detail})",
                       "id": "buku kerja terlalu besar untuk dibaca ({detail})"},
    # HTML (extractors/readers/html.py)
    "html_unreadable": {"en": "not a readable HTML page ({detail})",
                        "id": "bukan halaman HTML yang dapat dibaca ({detail})"},
    # ---- iki review (the review folder and its messages)
    "rv_title": {"en": "iki review", "id": "Tinjauan iki"},
    "rv_check_title": {"en": "To check: rows with warnings", "id": "Perlu diperiksa: baris dengan peringatan"},
    "rv_nav_index": {"en": "Documents", "id": "Dokumen"},
    "rv_nav_check": {"en": "To check", "id": "Perlu diperiksa"},
    "rv_download": {"en": "Download corrections (CSV)", "id": "Unduh koreksi (CSV)"},
    "rv_clear": {"en": "Clear marks", "id": "Hapus tanda"},
    "rv_clear_confirm": {"en": "Clear every mark and correction of this review in this browser?",
                         "id": "Hapus semua tanda dan koreksi tinjauan ini di peramban ini?"},
    "rv_marks": {"en": "{n} row(s) marked or corrected", "id": "{n} baris ditandai atau dikoreksi"},
    "rv_shown": {"en": "{n} shown", "id": "{n} ditampilkan"},
    "rv_right": {"en": "right", "id": "benar"},
    "rv_wrong": {"en": "wrong", "id": "salah"},
    "rv_past_verdict": {"en": "reviewed before: {verdict}", "id": "sudah ditinjau: {verdict}"},
    "rv_crop_alt": {"en": "the piece of page {id} was read from", "id": "potongan halaman asal {id}"},
    "rv_no_source_view": {"en": "no source to show for this row", "id": "tidak ada sumber untuk baris ini"},
    "rv_page": {"en": "page {page}", "id": "halaman {page}"},
    "rv_line": {"en": "line {line}", "id": "baris {line}"},
    "rv_lines": {"en": "lines {first}–{last}", "id": "baris {first}–{last}"},
    "rv_table": {"en": "table {table}", "id": "tabel {table}"},
    "rv_row": {"en": "row {row}", "id": "baris tabel {row}"},
    "rv_rows": {"en": "rows {first}–{last}", "id": "baris tabel {first}–{last}"},
    "rv_ocr": {"en": "OCR confidence {conf:.0f}", "id": "keyakinan OCR {conf:.0f}"},
    "rv_add_field": {"en": "correct an empty field…", "id": "koreksi kolom kosong…"},
    "rv_no_rows": {"en": "no indicator rows", "id": "tidak ada baris indikator"},
    "rv_page_not_rendered": {"en": "page {page} could not be rendered ({reason})",
                             "id": "halaman {page} tidak dapat ditampilkan ({reason})"},
    "rv_no_box": {"en": "no box on the page for this row", "id": "baris ini tidak punya kotak di halaman"},
    "rv_source_missing": {"en": "the source file was not found (name its folder with --sources)",
                          "id": "berkas sumber tidak ditemukan (sebutkan foldernya dengan --sources)"},
    "rv_source_unreadable": {"en": "the source file cannot be read: {reason}",
                             "id": "berkas sumber tidak dapat dibaca: {reason}"},
    "rv_source_changed": {"en": "the source file changed after it was extracted: not shown",
                          "id": "berkas sumber berubah setelah diekstrak: tidak ditampilkan"},
    "rv_source_not_shown": {"en": "the source could not be shown: {reason}",
                            "id": "sumber tidak dapat ditampilkan: {reason}"},
    "rv_cannot_write": {"en": "cannot write the review folder {dest}: {reason}",
                        "id": "tidak dapat menulis folder tinjauan {dest}: {reason}"},
    "rv_written": {"en": "review of {documents} document(s), {rows} rows ({warned} with warnings), {crops} crops, "
                         "{mb:.1f} MB in {seconds:.1f} s → {dest}",
                   "id": "tinjauan {documents} dokumen, {rows} baris ({warned} dengan peringatan), {crops} potongan, "
                         "{mb:.1f} MB dalam {seconds:.1f} detik → {dest}"},
    "rv_summary": {"en": "{documents} document(s), {rows} indicator rows, {warned} with warnings",
                   "id": "{documents} dokumen, {rows} baris indikator, {warned} dengan peringatan"},
    "rv_check_intro": {"en": "{n} row(s) carry a warning. Filter them by warning code or document:",
                       "id": "{n} baris membawa peringatan. Saring menurut kode peringatan atau dokumen:"},
    "rv_filter_code": {"en": "warning", "id": "peringatan"},
    "rv_filter_doc": {"en": "document", "id": "dokumen"},
    "rv_all": {"en": "all", "id": "semua"},
    "rv_help": {"en": "Mark each row right or wrong, or click a value to correct it: your marks stay in this "
                      "browser. Download them as a CSV and apply them with iki extract … --corrections FILE.csv.",
                "id": "Tandai setiap baris benar atau salah, atau klik nilai untuk mengoreksinya: tanda tersimpan di "
                      "peramban ini. Unduh sebagai CSV dan terapkan dengan iki extract … --corrections BERKAS.csv."},
    "rv_col_file": {"en": "file", "id": "berkas"},
    "rv_col_format": {"en": "format", "id": "format"},
    "rv_col_status": {"en": "status", "id": "status"},
    "rv_col_positions": {"en": "positions", "id": "jabatan"},
    "rv_col_rows": {"en": "rows", "id": "baris"},
    "rv_col_warned": {"en": "with warnings", "id": "dengan peringatan"},
    "rv_col_codes": {"en": "warnings by code", "id": "peringatan per kode"},
    "rv_col_note": {"en": "note", "id": "catatan"},
    "rv_sources_note": {"en": "{n} document(s) without their source shown: {first}",
                        "id": "{n} dokumen tanpa sumber ditampilkan: {first}"},
    # ---- iki extract --corrections
    "corr_problem": {"en": "corrections {path}: {problem}", "id": "koreksi {path}: {problem}"},
    "corr_unknown_ids": {"en": "corrections {path}: {n} indicator id(s) not in this run's rows, nothing changed for "
                               "them: {ids}",
                         "id": "koreksi {path}: {n} id indikator tidak ada di baris run ini, tidak ada yang diubah: "
                               "{ids}"},
}

_lang: str | None = None


def set_lang(lang: str | None) -> str:
    """Set the language for this process (``None``: from ``IKI_LANG``, else English); returns it.

    Raises ``ValueError`` for a language other than ``en`` / ``id``.
    """
    global _lang
    chosen = (lang or os.environ.get("IKI_LANG") or "en").strip().lower()
    chosen = {"in": "id", "ind": "id", "indonesian": "id", "bahasa": "id", "english": "en", "eng": "en"}.get(
        chosen, chosen)
    if chosen not in LANGS:
        raise ValueError(f"unknown language {chosen!r}: use one of {', '.join(LANGS)}")
    _lang = chosen
    return chosen


def lang() -> str:
    """The current language code."""
    if _lang is None:
        try:
            return set_lang(None)
        except ValueError:
            return "en"
    return _lang


class _Formatter(string.Formatter):
    """``str.format`` with numbers written the Indonesian way when the language is ``id``."""

    def format_field(self, value, format_spec):
        text = super().format_field(value, format_spec)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and lang() == "id":
            text = text.translate(_SWAP_MARKS)
        return text


_SWAP_MARKS = str.maketrans({".": ",", ",": "."})
_FORMATTER = _Formatter()


def number(x: float | int | None, digits: int = 2, missing: str = "—") -> str:
    """A number for display in the current language (``0.93`` / ``0,93``); ``missing`` for None."""
    if x is None:
        return missing
    return _FORMATTER.format("{x:.{d}f}", x=x, d=digits) if isinstance(x, float) else _FORMATTER.format("{x}", x=x)


def template(key: str) -> str:
    """The message ``key`` in the current language, fields not filled in; ``KeyError`` for an unknown key."""
    texts = MESSAGES[key]
    return texts.get(lang()) or texts["en"]


def t(key: str, **fields) -> str:
    """The message ``key`` in the current language with ``fields`` filled in (numbers formatted for the
    language); raises ``KeyError`` for an unknown key."""
    texts = MESSAGES[key]
    text = texts.get(lang()) or texts["en"]
    return _FORMATTER.format(text, **fields) if fields else text


def status_label(status: str) -> str:
    """A position / indicator change status as a word in the current language (the code when unknown)."""
    try:
        return t(f"st_{status}")
    except KeyError:
        return status.replace("_", " ")


def field_label(name: str) -> str:
    """A column or duty section name (``changed_fields`` values) as a label in the current language."""
    try:
        return t(f"field_{name}")
    except KeyError:
        return name.replace("_", " ")


def error_message(e: Exception) -> str:
    """A reader's error as the one-line message of a file's ``error`` column: a coded error
    (:class:`extractors.readers.ReadError`) worded from this catalogue — in English, as the column is
    data (README) — and any other exception as it reads."""
    from extractors.readers import ReadError

    if isinstance(e, ReadError) and e.code in MESSAGES:
        return MESSAGES[e.code]["en"].format(**e.facts)
    return str(e)
