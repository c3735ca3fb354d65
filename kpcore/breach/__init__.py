"""Breach cases as the Data Protection Ombudsman asks for them, and the processor's duties.

kpcore.breaches keeps the core record of a breach (Art. 33(5)); this package builds on it:
- timing: clock arithmetic in Finnish time (a 72-hour clock across a DST change is 72 real hours)
- risk: the EDPB Guidelines 9/2022 factors -> unlikely / risk / high
- case: facts, assessment, decision, notifications in phases, people told (Art. 33, 34), NIS2
- controllers: the processor's side (Art. 33(2)): every affected controller, its clock, notice, ack
- subprocessors: sub-processor changes told to controllers with an objection window (Art. 28(2), 28(4))
- clocks: every running clock (Ombudsman, controllers, people, NIS2) for a breach and for the overview
- texts: the notification (the Ombudsman's e-form order), controller notices and Art. 34 letters
"""
