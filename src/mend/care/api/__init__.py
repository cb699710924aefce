"""The care API, one module per resource; ``router`` holds them all."""

from ninja import Router

from mend.care.api import caseload, counsellors, homework, intake, notes

router = Router()
for module in (counsellors, caseload, homework, notes, intake):
    router.add_router("", module.router)
