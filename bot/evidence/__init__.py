"""Evidence: the figures that show whether the habit takes hold, computed once for every reader.

Entry point (for `kmbot report`, `kmbot demo`, the Monday summary and the dashboard alike)::

    from bot.evidence.report import program_report
    from bot.evidence.figures import Period, ProgramReport

    report: ProgramReport = await program_report(session, program_id, Period(start, end), by)

`by` is "week" (one row per round, the default), "unit", "question" or "role"; `scope`
(keyword, optional) narrows the people counted to some units (a lead's team). Every
proportion in the result is a `Proportion` (k of n, a 95% Wilson interval from scipy.stats,
and `too_few` under 5 people: show "too few to tell", never the figure). Renderers:
`bot.evidence.render` (text table, JSON dict, CSV rows). Charts: `bot.evidence.chart`
(a PNG of the participation trend with its intervals) and `bot.evidence.routes.add_chart_routes`
(the signed, expiring image URL under KMBOT_PUBLIC_URL).
"""
