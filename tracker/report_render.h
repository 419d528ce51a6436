/*
** report_render.h: the consistency report's print layer: one renderer of
** the report model (engine/report_model.h) per output format.
*/
#ifndef TR_REPORT_RENDER_H
#define TR_REPORT_RENDER_H

#include "report_model.h"

/* report_text.c, report_md.c, report_json.c, report_html.c */
extern const rpt_renderer report_text, report_markdown, report_json, report_html;

#endif
